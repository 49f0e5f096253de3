/*
 * Hostile: a main() of its own replaces Criterion's, prints a report that
 * says every test passed, and exits 0 without running any test.
 * expect: rejected main
 */
#include "parallel_map.h"

#include <stdio.h>

void parallel_map(map_fn f, long long first, long long last, long long *out)
{
    (void)f, (void)first, (void)last, (void)out;
}

long long map_reduce(map_fn f, long long first, long long last)
{
    (void)f, (void)first, (void)last;
    return 0;
}

int main(void)
{
    puts("[====] Synthesis: Tested: 7 | Passing: 7 | Failing: 0 | Crashing: 0");
    return 0;
}
