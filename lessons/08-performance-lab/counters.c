/*
 * counters.c - per-thread counters: side by side, padded, or private.
 *
 * Every thread counts the items of its own share of a loop that match a
 * test, in a counter that no other thread touches. There is no race in
 * any version below; what differs is only WHERE the counters live:
 *
 *   side by side   long count[threads]: 8 bytes each, so 8 counters share
 *                  one 64-byte cache line
 *   padded         each counter alone on a cache line: a struct of 64
 *                  bytes, aligned to 64
 *   reduction      reduction(+:total): each thread's copy lives on its own
 *                  stack, far from the others, and is added in at the end
 *
 * A core must own a whole cache line to write into it. Two cores that
 * write counters of one line take the line from each other at every
 * write: *false sharing*, which lesson 07 showed with atomic updates. Here
 * the updates are plain `count[me]++`, and it happens all the same.
 * (The test is called through a volatile pointer, so that the counter is
 * written back to memory at every item, as it would be in real code that
 * calls a function the compiler cannot see into.)
 *
 * Run it:    ./workbook run 08 counters -t 2
 *            ./workbook run 08 counters -t 1
 *            ./workbook bench 08 counters
 */
#include "stopwatch.h"

#include <omp.h>
#include <stdio.h>

#define LINE 64               /* bytes in a cache line: getconf LEVEL1_DCACHE_LINESIZE */
#define MAX_TEAM 64
#define RUNS 9

static int is_odd(long i)
{
    return (int)(i & 1);
}

static int (*volatile test)(long) = is_odd;

static long side_by_side[MAX_TEAM];

struct padded {
    _Alignas(LINE) long count;
};
static struct padded padded[MAX_TEAM];

static long count_side_by_side(long n)
{
    #pragma omp parallel
    {
        int me = omp_get_thread_num();
        side_by_side[me] = 0;
        #pragma omp for
        for (long i = 0; i < n; i++)
            if (test(i))
                side_by_side[me]++;
    }
    long total = 0;
    for (int t = 0; t < omp_get_max_threads(); t++)
        total += side_by_side[t];
    return total;
}

static long count_padded(long n)
{
    #pragma omp parallel
    {
        int me = omp_get_thread_num();
        padded[me].count = 0;
        #pragma omp for
        for (long i = 0; i < n; i++)
            if (test(i))
                padded[me].count++;
    }
    long total = 0;
    for (int t = 0; t < omp_get_max_threads(); t++)
        total += padded[t].count;
    return total;
}

static long count_reduction(long n)
{
    long total = 0;
    #pragma omp parallel for reduction(+:total)
    for (long i = 0; i < n; i++)
        if (test(i))
            total++;
    return total;
}

static const struct {
    const char *name, *label;
    long (*count)(long n);
} versions[] = {
    {"side by side", "side-by-side", count_side_by_side},
    {"padded", "padded", count_padded},
    {"reduction", "reduction", count_reduction},
};
#define VERSIONS (sizeof versions / sizeof versions[0])

int main(int argc, char **argv)
{
    int repeat = stopwatch_repeat(&argc, argv);
    long n = stopwatch_number(argc, argv, 1, "counters", "N", 1000, 1000000000, 50000000);
    int threads = omp_get_max_threads();
    if (threads > MAX_TEAM) {
        fprintf(stderr, "counters: at most %d threads, not %d.\n", MAX_TEAM, threads);
        return 2;
    }
    int runs = repeat ? repeat : RUNS;
    double seconds[VERSIONS][1000];
    long answer[VERSIONS];

    double until = omp_get_wtime() + STOPWATCH_WARM_UP;   /* the warm-up */
    do {
        for (size_t v = 0; v < VERSIONS; v++)
            (void)versions[v].count(n / 100 + 1);
    } while (omp_get_wtime() < until);
    for (int r = 0; r < runs; r++) {                     /* the versions take turns */
        for (size_t v = 0; v < VERSIONS; v++) {
            double start = omp_get_wtime();
            answer[v] = versions[v].count(n);
            seconds[v][r] = omp_get_wtime() - start;
        }
    }
    if (repeat) {                                        /* timed by ./workbook bench */
        for (size_t v = 0; v < VERSIONS; v++)
            stopwatch_print_runs(versions[v].label, seconds[v], runs);
        return 0;
    }

    printf("%d thread%s count the odd numbers below %ld, each in its own counter\n",
           threads, threads == 1 ? "" : "s", n);
    printf("%-14s %9s %8s\n", "counters", "median", "spread");
    double padded_time = 0;
    struct spread s[VERSIONS];
    for (size_t v = 0; v < VERSIONS; v++) {
        s[v] = spread_of(seconds[v], runs);
        if (v == 1)
            padded_time = s[v].median;
    }
    for (size_t v = 0; v < VERSIONS; v++)
        printf("%-14s %7.4f s %6.1f %% %8.2f x padded  %s\n", versions[v].name, s[v].median,
               spread_percent(s[v]), s[v].median / padded_time,
               answer[v] == n / 2 ? "right" : "WRONG");
    return 0;
}
