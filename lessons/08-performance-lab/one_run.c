/*
 * one_run.c - why one run of a millisecond says nothing.
 *
 * The program times the same parallel loop (the sum of x*x for 1..N,
 * about a millisecond) 15 times in a row, in one process, and prints every
 * run. Look at:
 *
 *   run 1     it starts the team's threads and touches the code and data
 *             for the first time: often several times slower than the rest
 *   the rest  they still differ from run to run: another program, the
 *             operating system, the processor's clock speed all move them
 *
 * and at the last line: the clock's own step, omp_get_wtick(). A time is
 * never more precise than that, and a loop that lasts a few ticks cannot
 * be timed alone (break_even.c times many calls in a row).
 *
 * Then see what the rest of this lesson does about it: leave the first
 * run out (a warm-up), time several, and take their median, with the
 * smallest and the largest beside it to show the spread.
 *
 * Run it:    ./workbook run 08 one_run -t 2
 *            ./workbook run 08 one_run -t 2 -- 100000000
 */
#include "stopwatch.h"

#include <omp.h>
#include <stdio.h>

#define RUNS 15

static unsigned long long square(unsigned long long x)
{
    return x * x;
}

static unsigned long long (*volatile work)(unsigned long long) = square;

static unsigned long long sum_of_squares(long long n)
{
    unsigned long long sum = 0;
    #pragma omp parallel for reduction(+:sum)
    for (long long x = 1; x <= n; x++)
        sum += work((unsigned long long)x);
    return sum;
}

int main(int argc, char **argv)
{
    long long n = stopwatch_number(argc, argv, 1, "one_run", "N", 1, 2000000000, 1000000);
    double seconds[RUNS];
    for (int r = 0; r < RUNS; r++) {
        double start = omp_get_wtime();
        unsigned long long sum = sum_of_squares(n);
        seconds[r] = omp_get_wtime() - start;
        if (sum != squares_mod_2_64((unsigned long long)n))
            printf("WRONG sum %llu\n", sum);
    }
    printf("The sum of x*x for x = 1..%lld with %d thread%s, %d runs in a row:\n", n,
           omp_get_max_threads(), omp_get_max_threads() == 1 ? "" : "s", RUNS);
    for (int r = 0; r < RUNS; r++)
        printf("run %2d  %9.1f us%s\n", r + 1, seconds[r] * 1e6,
               r == 0 ? "   the first: the team starts here" : "");
    struct spread all = spread_of(seconds + 1, RUNS - 1);
    printf("Runs 2 to %d: median %.1f us, min %.1f us, max %.1f us, spread %.0f %%\n", RUNS,
           all.median * 1e6, all.min * 1e6, all.max * 1e6, spread_percent(all));
    printf("Run 1 took %.1f times the median\n", seconds[0] / all.median);
    /* The clock itself: omp_get_wtime() moves in steps of omp_get_wtick(). */
    printf("The clock's tick, omp_get_wtick(): %g s\n", omp_get_wtick());
    return 0;
}
