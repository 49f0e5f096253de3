/*
 * spin_then_sleep.c - what the team's threads do between two regions.
 *
 * When a region ends, the runtime keeps its threads for the next one. They
 * do not go to sleep at once: for a while they spin, checking again and
 * again whether new work has come, which uses a CPU but lets them start
 * the next region within a microsecond or so. Only then do they sleep, and
 * a sleeping thread takes longer to wake. How long they spin is up to the
 * runtime, and OMP_WAIT_POLICY chooses: "active" (spin) or "passive"
 * (sleep at once).
 *
 * Part 1 lets the main thread sleep after a region and measures the CPU
 * time the whole process uses meanwhile: a sleeping thread uses none, so
 * what shows is the other threads spinning. Part 2 times how long a short
 * region takes, right after another one and after a pause.
 *
 * Run it:    ./workbook run 06 spin_then_sleep -t 2
 *            OMP_WAIT_POLICY=passive ./workbook run 06 spin_then_sleep -t 2
 *            ./workbook run 06 spin_then_sleep -t 2 --compiler clang
 */
#define _POSIX_C_SOURCE 200809L   /* for clock_gettime() and nanosleep() */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define PERIODS 8
#define PERIOD_MS 50
#define TRIES 9

/* CPU time used so far by all the threads of this process, in seconds. */
static double process_cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void sleep_ms(long milliseconds)
{
    struct timespec pause = {milliseconds / 1000, milliseconds % 1000 * 1000000L};
    nanosleep(&pause, NULL);
}

/* A region with almost nothing to do: every thread adds its number. */
static int short_region(void)
{
    int sum = 0;
    #pragma omp parallel default(none) reduction(+:sum)
    sum += omp_get_thread_num();
    return sum;
}

/* How long one short region takes, in microseconds. */
static double region_microseconds(void)
{
    double start = omp_get_wtime();
    short_region();
    return (omp_get_wtime() - start) * 1e6;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(void)
{
    const char *policy = getenv("OMP_WAIT_POLICY");
    int team = omp_get_max_threads();
    printf("OMP_WAIT_POLICY is %s; a team of %d thread%s\n", policy ? policy : "not set",
           team, team == 1 ? "" : "s");

    short_region();
    printf("Part 1: after a region, the main thread sleeps %d times %d ms.\n", PERIODS,
           PERIOD_MS);
    printf("CPU time the process used meanwhile (the sleeping main thread uses almost none):\n");
    for (int p = 0; p < PERIODS; p++) {
        double before = process_cpu_seconds();
        sleep_ms(PERIOD_MS);
        printf("  %3d-%3d ms: %5.1f ms of CPU\n", p * PERIOD_MS, (p + 1) * PERIOD_MS,
               (process_cpu_seconds() - before) * 1e3);
    }

    /* Median of TRIES, so that one unlucky try does not decide. */
    double soon[TRIES], late[TRIES];
    for (int i = 0; i < TRIES; i++) {
        short_region();
        soon[i] = region_microseconds();      /* the threads were just used */
        sleep_ms(300);                        /* long enough for them to sleep */
        late[i] = region_microseconds();
    }
    qsort(soon, TRIES, sizeof soon[0], by_value);
    qsort(late, TRIES, sizeof late[0], by_value);
    printf("Part 2: a short region takes (median of %d tries)\n", TRIES);
    printf("  right after another region: %8.1f us\n", soon[TRIES / 2]);
    printf("  after 300 ms without one:   %8.1f us\n", late[TRIES / 2]);
    return 0;
}
