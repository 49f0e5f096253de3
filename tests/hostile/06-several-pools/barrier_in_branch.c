/*
 * Hostile: a barrier that only some threads reach. Inside one parallel
 * region, even threads wait at `#pragma omp barrier` in one branch and odd
 * threads at another barrier in the other branch (two different barriers,
 * which OpenMP forbids), and thread 0 then spins on a flag no one sets:
 * the team never gets out. Each test must be stopped by the time limit,
 * the run must go on to the next test, and nothing may pass.
 * expect: no points
 */
#include "pools.h"

#include <omp.h>

static volatile int never;

static void stuck(long n)
{
    #pragma omp parallel num_threads(n > 1 ? 4 : 2)
    {
        if (omp_get_thread_num() % 2 == 0) {
            #pragma omp barrier
        } else {
            #pragma omp barrier
            #pragma omp barrier
        }
        if (omp_get_thread_num() == 0)
            while (!never)
                continue;
    }
}

void square_then_cube(map_fn square, map_fn cube, const long long *in, long long *squares,
                      long long *cubes, long n)
{
    (void)square, (void)cube, (void)in, (void)squares, (void)cubes;
    stuck(n);
}

void map_then_mirror(map_fn f, long n, long long *values, long long *sums)
{
    (void)f, (void)values, (void)sums;
    stuck(n);
}
