/*
 * Hostile: ends each test by a different signal, from the test's own
 * thread or from a thread of a team, hoping that one of them reads as a
 * pass or kills the grader: a division by zero (SIGFPE), __builtin_trap
 * (SIGILL), abort() (SIGABRT), a write through a null pointer (SIGSEGV),
 * a misaligned vector access, and a SIGFPE raised by every thread of a
 * team at once, so that the harness's crash handler is entered by many
 * threads together.
 * expect: no points
 */
#include "pools.h"

#include <omp.h>
#include <stdlib.h>

static volatile long zero;
static volatile long *volatile nowhere;
static int calls;

static void die(int how)
{
    switch (how % 6) {
    case 0:
        zero = 1 / zero;
        break;
    case 1:
        __builtin_trap();
    case 2:
        abort();
    case 3:
        *nowhere = 1;
        break;
    case 4: {
        #pragma omp parallel num_threads(8)
        zero = omp_get_thread_num() / zero;
        break;
    }
    default: {
        #pragma omp parallel num_threads(4)
        {
            if (omp_get_thread_num() == 3)
                __builtin_trap();
            *nowhere = omp_get_thread_num();
        }
    }
    }
}

void square_then_cube(map_fn square, map_fn cube, const long long *in, long long *squares,
                      long long *cubes, long n)
{
    (void)square, (void)cube, (void)in, (void)squares, (void)cubes, (void)n;
    die(calls++ + (int)(n & 7));
}

void map_then_mirror(map_fn f, long n, long long *values, long long *sums)
{
    (void)f, (void)values, (void)sums;
    die(calls++ + (int)(n & 7));
}
