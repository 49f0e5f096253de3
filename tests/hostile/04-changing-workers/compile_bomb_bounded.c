/*
 * Hostile: a compile-time bomb. The student's file is compiled on the
 * grading machine itself, outside the sandbox and its memory limit, with
 * only a 300 s time limit: macros that double at every level expand into
 * 2^16 statements in one function, which gcc -O2 takes about 30 s and
 * about 1 GB to compile (each level more doubles both; a few more levels
 * exhaust the grading machine's memory). Bounded here, so that it ends by
 * itself. The function itself computes nothing useful.
 * expect: no points
 */
#include "schedules.h"

#define S0 v = v * 3 + (v >> 7);
#define S1 S0 S0
#define S2 S1 S1
#define S3 S2 S2
#define S4 S3 S3
#define S5 S4 S4
#define S6 S5 S5
#define S7 S6 S6
#define S8 S7 S7
#define S9 S8 S8
#define S10 S9 S9
#define S11 S10 S10
#define S12 S11 S11
#define S13 S12 S12
#define S14 S13 S13
#define S15 S14 S14
#define S16 S15 S15

static long bomb(long v)
{
    S16
    return v;
}

void run_with_schedule(item_fn f, long n, int threads, enum schedule_kind kind, int chunk,
                       int *owner)
{
    (void)f, (void)threads, (void)kind, (void)chunk;
    if (n > 0)
        owner[0] = (int)bomb(n);
}

long pool_chunksize(long n, int workers)
{
    return bomb(n + workers);
}
