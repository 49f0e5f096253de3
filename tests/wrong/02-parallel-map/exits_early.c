/*
 * Wrong program: ends the process with exit(0) instead of returning, which a
 * bare Criterion run would count as a pass.
 * The symbol policy refuses a call to exit() before anything runs.
 * expect-policy: exit
 */
#include "parallel_map.h"

#include <stdlib.h>

void parallel_map(map_fn f, long long first, long long last, long long *out)
{
    (void)f, (void)first, (void)last, (void)out;
    exit(0);
}

long long map_reduce(map_fn f, long long first, long long last)
{
    (void)f, (void)first, (void)last;
    exit(0);
}
