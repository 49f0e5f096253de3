/*
 * break_even.c - below how many items is the parallel map slower?
 *
 * Starting a parallel loop costs something: waking the team, handing out
 * the items, waiting at the barrier at the end, adding the threads' partial
 * sums. That cost is paid once per loop, whatever the number of items, so
 * a loop over few items is slower in parallel than alone, and a loop over
 * many is faster. The number of items where the two times cross is the
 * break-even.
 *
 * The program times the sum of x*x for x = 1..n, serially and with
 * `#pragma omp parallel for reduction(+:sum)`, for n from 100 to 1000000,
 * finds the break-even B, and then times the loop a third way, with the
 * `if` clause: `if(n >= B)` starts the team only from B items on, and
 * runs the loop on the calling thread alone below that.
 * A loop over 100 items takes a fraction of a microsecond, far too short
 * for one reading of the clock, so each sample times enough calls in a row
 * to last about a millisecond and divides (the way the EPCC microbenchmarks
 * do it). Each time printed is the median of 7 samples, serial and parallel
 * taken in turns after a warm-up.
 *
 * Run it:    ./workbook run 08 break_even -t 2
 *            ./workbook run 08 break_even -t 2 --compiler clang
 */
#include "stopwatch.h"

#include <omp.h>
#include <stdio.h>

#define SAMPLES 7
#define SAMPLE_SECONDS 1e-3      /* each sample lasts about this long */

static long long square(long long x)
{
    return x * x;
}

/* Called through a volatile pointer, so that the compiler cannot replace
 * the loop by a formula: every item really costs a call. */
static long long (*volatile work)(long long) = square;

static long long sum_serial(long long n)
{
    long long sum = 0;
    for (long long x = 1; x <= n; x++)
        sum += work(x);
    return sum;
}

static long long sum_parallel(long long n)
{
    long long sum = 0;
    #pragma omp parallel for reduction(+:sum)
    for (long long x = 1; x <= n; x++)
        sum += work(x);
    return sum;
}

/* The break-even found at run time: a clause's condition may be any
 * expression, not only a constant. */
static long long break_even = 0;

static long long sum_if(long long n)
{
    long long sum = 0;
    #pragma omp parallel for reduction(+:sum) if(n >= break_even)
    for (long long x = 1; x <= n; x++)
        sum += work(x);
    return sum;
}

/* Seconds per call of sum(n): `calls` calls in a row, timed as one. */
static double per_call(long long (*sum)(long long), long long n, long calls)
{
    volatile long long sink = 0;
    double start = omp_get_wtime();
    for (long c = 0; c < calls; c++)
        sink = sink + sum(n);
    return (omp_get_wtime() - start) / (double)calls;
}

static const long long sizes[] = {100, 200, 500, 1000, 2000, 5000, 10000, 20000,
                                  50000, 100000, 200000, 500000, 1000000};
#define SIZES (sizeof sizes / sizeof sizes[0])

int main(void)
{
    int threads = omp_get_max_threads();
    double serial[SIZES], parallel[SIZES], with_if[SIZES];
    long calls[SIZES];

    /* The warm-up: the first parallel loop starts the team's threads; a
     * tenth of a second of loops lets the runtime and the CPUs settle. */
    double until = omp_get_wtime() + STOPWATCH_WARM_UP;
    do {
        (void)per_call(sum_parallel, 1000, 100);
        (void)per_call(sum_serial, 1000, 100);
    } while (omp_get_wtime() < until);

    for (size_t i = 0; i < SIZES; i++) {
        long long n = sizes[i];
        /* How many calls make a sample of about SAMPLE_SECONDS, from one
         * serial call's time. */
        double one = per_call(sum_serial, n, 10);
        calls[i] = (long)(SAMPLE_SECONDS / one) + 1;
        double s[SAMPLES], p[SAMPLES];
        for (int k = 0; k < SAMPLES; k++) {
            s[k] = per_call(sum_serial, n, calls[i]);
            p[k] = per_call(sum_parallel, n, calls[i]);
        }
        serial[i] = spread_of(s, SAMPLES).median;
        parallel[i] = spread_of(p, SAMPLES).median;
    }

    /* The break-even: the smallest n from which the parallel loop is faster
     * at every larger n measured too. */
    size_t from = SIZES;
    while (from > 0 && parallel[from - 1] < serial[from - 1])
        from--;
    break_even = from < SIZES ? sizes[from] : sizes[SIZES - 1] + 1;

    /* The if clause with that break-even, timed the same way. */
    for (size_t i = 0; i < SIZES; i++) {
        double w[SAMPLES];
        for (int k = 0; k < SAMPLES; k++)
            w[k] = per_call(sum_if, sizes[i], calls[i]);
        with_if[i] = spread_of(w, SAMPLES).median;
    }

    printf("The sum of x*x for x = 1..n, serial and with %d thread%s\n", threads,
           threads == 1 ? "" : "s");
    printf("Median time of one loop, of %d samples after a warm-up:\n", SAMPLES);
    printf("%10s %12s %12s %10s %12s\n", "n", "serial", "parallel", "speedup", "if clause");
    double worst = 0;
    for (size_t i = 0; i < SIZES; i++) {
        double best = serial[i] < parallel[i] ? serial[i] : parallel[i];
        if (with_if[i] / best > worst)
            worst = with_if[i] / best;
        printf("%10lld %9.2f us %9.2f us %9.2f x %9.2f us\n", sizes[i], serial[i] * 1e6,
               parallel[i] * 1e6, serial[i] / parallel[i], with_if[i] * 1e6);
    }
    if (from == SIZES)
        printf("Break-even: none; the parallel loop was never faster up to n = %lld\n",
               sizes[SIZES - 1]);
    else if (from == 0)
        printf("Break-even: below n = %lld; the parallel loop was faster at every n\n",
               sizes[0]);
    else
        printf("Break-even: between n = %lld and n = %lld\n", sizes[from - 1], sizes[from]);
    printf("The if clause, if(n >= %lld): at worst %.2f times the faster of the two\n",
           break_even, worst);
    return 0;
}
