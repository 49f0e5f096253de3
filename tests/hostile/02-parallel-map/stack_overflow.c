/*
 * Hostile: unbounded recursion with a large frame in every call, from the
 * main thread and from each thread of a team (whose stacks are smaller),
 * so that the stack overflows where even a signal handler has no room:
 * the grader must call it a crash, never a pass, and stay alive.
 * expect: no points
 */
#include "parallel_map.h"

#include <string.h>

static long long deeper(long long depth, volatile char *previous)
{
    volatile char frame[4096];
    memset((char *)frame, (int)depth, sizeof frame);
    frame[0] = previous ? previous[1] : 0;
    return deeper(depth + 1, frame) + frame[depth % 4096];
}

void parallel_map(map_fn f, long long first, long long last, long long *out)
{
    (void)f, (void)first, (void)last;
    #pragma omp parallel
    out[0] = deeper(0, NULL);
}

long long map_reduce(map_fn f, long long first, long long last)
{
    (void)f, (void)first, (void)last;
    return deeper(0, NULL);
}
