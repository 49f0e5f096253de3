/*
 * Bench driver for exercise 08: times the student's map_sum and tally
 * (exercises/08-performance-lab/perf.c) for ./workbook bench --exercise 08.
 *
 *   driver --repeat K [N]
 *
 * after one warm-up call of each, prints "time LABEL SECONDS" for K runs of
 *   map_sum        map_sum(f, 1, N), N = 20 million by default, f the
 *                  square of the last three digits (the sum fits)
 *   map_sum-small  1000 calls of map_sum over 1000 items, below the
 *                  break-even: flat with the if clause, slower and slower
 *                  without it as the team grows
 *   tally          tally(N, step, per_thread)
 * and "note: ..." when a result is wrong (the graded tests say why).
 */
#include "perf.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TEAM 256
#define SMALL 1000
#define SMALL_CALLS 1000

/* The square of x's last three digits: as cheap as a square, and the sum
 * of 2e9 of them still fits in a long long. */
static long long square(long long x)
{
    long long d = x % 1000;
    return d * d;
}

static long long (*volatile f)(long long) = square;

static long long through_pointer(long long x)
{
    return f(x);
}

static void add_odd(long i, long long *partial)
{
    *partial += i & 1;
}

static long long per_thread[MAX_TEAM];

int main(int argc, char **argv)
{
    if (argc < 3 || strcmp(argv[1], "--repeat") != 0) {
        fprintf(stderr, "usage: %s --repeat K [N]\n", argv[0]);
        return 2;
    }
    int repeat = atoi(argv[2]);
    long long n = argc > 3 ? atoll(argv[3]) : 20000000;
    if (repeat < 1 || repeat > 1000 || n < 1 || n > 2000000000) {
        fprintf(stderr, "%s: K from 1 to 1000, N from 1 to 2000000000\n", argv[0]);
        return 2;
    }
    if (omp_get_max_threads() > MAX_TEAM) {
        fprintf(stderr, "%s: at most %d threads\n", argv[0], MAX_TEAM);
        return 2;
    }
    long long want = 0, small_want = 0;
    for (long long x = 1; x <= n; x++)
        want += square(x);
    for (long long x = 1; x <= SMALL; x++)
        small_want += square(x);

    double until = omp_get_wtime() + 0.1;      /* a tenth of a second of warm-up */
    do {
        (void)map_sum(through_pointer, 1, n / 10 + 1);
        (void)tally((long)(n / 10 + 1), add_odd, per_thread);
    } while (omp_get_wtime() < until);
    for (int r = 0; r < repeat; r++) {
        double start = omp_get_wtime();
        long long got = map_sum(through_pointer, 1, n);
        printf("time map_sum %.9f\n", omp_get_wtime() - start);
        if (got != want)
            printf("note: map_sum(f, 1, %lld) gave %lld, not %lld\n", n, got, want);

        start = omp_get_wtime();
        long long small = 0;
        for (int c = 0; c < SMALL_CALLS; c++)
            small = map_sum(through_pointer, 1, SMALL);
        printf("time map_sum-small %.9f\n", omp_get_wtime() - start);
        if (small != small_want)
            printf("note: map_sum(f, 1, %d) gave %lld, not %lld\n", SMALL, small,
                   small_want);

        start = omp_get_wtime();
        long long odd = tally((long)n, add_odd, per_thread);
        printf("time tally %.9f\n", omp_get_wtime() - start);
        if (odd != n / 2)
            printf("note: tally(%lld, step, per_thread) counted %lld odd items, not %lld\n",
                   n, odd, n / 2);
    }
    return 0;
}
