/*
 * overheads.c - what a parallel region, a loop, a barrier, a reduction,
 * a critical section and an atomic update cost, measured.
 *
 * The method is the one of the EPCC OpenMP microbenchmarks: time a loop
 * that does a small, fixed piece of work (a "delay") many times, once
 * without the construct and once with it; the difference, divided by the
 * number of times the construct ran, is its cost. Each time below is the
 * median of 7 samples after a warm-up; each sample repeats the construct
 * REPS times, so that one reading of the clock covers a few milliseconds.
 *
 *   parallel        #pragma omp parallel { delay }          a whole region
 *   parallel for    #pragma omp parallel for, one item per thread
 *   + reduction     the same with reduction(+:sum): the parallel map's loop
 *   barrier         delay, then #pragma omp barrier, in one region
 *   critical        #pragma omp critical { delay }: costs and queueing
 *   atomic          delay, then #pragma omp atomic on one shared counter
 *
 * The costs differ between gcc's runtime (libgomp) and clang's (libomp):
 * run it with both. OMP_WAIT_POLICY=passive (lesson 06) makes the team's
 * threads sleep between regions, and every region then pays for waking them.
 *
 * Run it:    ./workbook run 08 overheads -t 2
 *            ./workbook run 08 overheads -t 2 --compiler clang
 *            OMP_WAIT_POLICY=passive ./workbook run 08 overheads -t 2
 */
#include "stopwatch.h"

#include <omp.h>
#include <stdio.h>

#define SAMPLES 7
#define REPS 2000
#define DELAY 200          /* steps of the delay: a fraction of a microsecond */

static volatile int step_sink;

/* A small piece of work of fixed length, as in EPCC's delay(). */
static void delay(int steps)
{
    for (int i = 0; i < steps; i++)
        step_sink = i;
}

enum test { REFERENCE, SERIAL_REF, PARALLEL, FOR, REDUCTION, BARRIER, CRITICAL, ATOMIC,
            TESTS };

/* One sample: seconds for REPS repetitions of test t. */
static double sample(enum test t)
{
    int threads = omp_get_max_threads();
    long long sum = 0;
    int counter = 0;
    double start = omp_get_wtime();
    switch (t) {
    case REFERENCE:         /* every thread does REPS delays, no construct between */
        #pragma omp parallel
        for (int r = 0; r < REPS; r++)
            delay(DELAY);
        break;
    case SERIAL_REF:        /* one thread does REPS delays: the reference for critical */
        for (int r = 0; r < REPS; r++)
            delay(DELAY);
        break;
    case PARALLEL:
        for (int r = 0; r < REPS; r++) {
            #pragma omp parallel
            delay(DELAY);
        }
        break;
    case FOR:
        for (int r = 0; r < REPS; r++) {
            #pragma omp parallel for
            for (int i = 0; i < threads; i++)
                delay(DELAY);
        }
        break;
    case REDUCTION:
        for (int r = 0; r < REPS; r++) {
            #pragma omp parallel for reduction(+:sum)
            for (int i = 0; i < threads; i++) {
                delay(DELAY);
                sum += i;
            }
        }
        break;
    case BARRIER:
        #pragma omp parallel
        for (int r = 0; r < REPS; r++) {
            delay(DELAY);
            #pragma omp barrier
        }
        break;
    case CRITICAL:          /* REPS critical sections in all, shared by the team */
        #pragma omp parallel
        {
            int mine = REPS / omp_get_num_threads();
            for (int r = 0; r < mine; r++) {
                #pragma omp critical
                delay(DELAY);
            }
        }
        break;
    case ATOMIC:
        #pragma omp parallel
        for (int r = 0; r < REPS; r++) {
            delay(DELAY);
            #pragma omp atomic
            counter++;
        }
        break;
    case TESTS:
        break;
    }
    double seconds = omp_get_wtime() - start;
    step_sink = (int)(sum + counter);
    return seconds;
}

static double median_of(enum test t)
{
    double s[SAMPLES];
    for (int k = 0; k < SAMPLES; k++)
        s[k] = sample(t);
    return spread_of(s, SAMPLES).median;
}

static const char *const name[TESTS] = {
    "", "", "parallel", "parallel for", "+ reduction", "barrier", "critical", "atomic",
};

int main(void)
{
    int threads = omp_get_max_threads();
    double until = omp_get_wtime() + STOPWATCH_WARM_UP;   /* the warm-up */
    do {
        for (int t = 0; t < TESTS; t++)
            (void)sample((enum test)t);
    } while (omp_get_wtime() < until);

    double median[TESTS];
    for (int t = 0; t < TESTS; t++)
        median[t] = median_of((enum test)t);

    printf("The cost of each construct with %d thread%s, EPCC's way (median of %d "
           "samples)\n", threads, threads == 1 ? "" : "s", SAMPLES);
    printf("delay alone        %8.3f us\n", median[SERIAL_REF] / REPS * 1e6);
    for (int t = PARALLEL; t < TESTS; t++) {
        /* The critical sections run one after another: their reference is
         * one thread doing every delay. */
        double reference = t == CRITICAL ? median[SERIAL_REF] : median[REFERENCE];
        printf("%-16s %8.3f us\n", name[t], (median[t] - reference) / REPS * 1e6);
    }
    return 0;
}
