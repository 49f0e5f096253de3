/*
 * Hostile: allocates and touches memory until the machine runs out, hoping
 * to take the grader (and every other submission) down with it.
 * expect: no points
 */
#include "parallel_map.h"

#include <stdlib.h>
#include <string.h>

void parallel_map(map_fn f, long long first, long long last, long long *out)
{
    (void)f, (void)first, (void)last, (void)out;
    for (;;) {
        char *block = malloc(64 << 20);
        if (!block)
            continue;
        memset(block, 1, 64 << 20);
    }
}

long long map_reduce(map_fn f, long long first, long long last)
{
    (void)f, (void)first, (void)last;
    return 0;
}
