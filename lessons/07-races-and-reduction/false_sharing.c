/*
 * false_sharing.c - counters that share nothing but a cache line still
 * slow each other down.
 *
 * Every thread adds 1 to a counter of its OWN, N times, with
 * `#pragma omp atomic`. No two threads ever touch the same counter, so no
 * thread ever waits for another's update... in theory. Three layouts:
 *
 *   adjacent     the counters side by side in one array, as tally_bins.c
 *                has them: 8 bytes each, so several fit in one 64-byte
 *                cache line
 *   own line     each counter padded out to a cache line of its own
 *   one counter  all threads on the same counter (real sharing), to compare
 *
 * A processor core moves memory to and from its cache in whole lines (64
 * bytes on most machines; `getconf LEVEL1_DCACHE_LINESIZE` tells yours).
 * To write to its counter, a core must own the whole line, so two cores
 * writing counters in one line pass the line back and forth, update after
 * update, as if they shared a counter. That is *false sharing*: nothing is shared in
 * the program, everything in the hardware.
 *
 * The times are the median of ROUNDS runs, taken in turns after a warm-up;
 * they vary from run to run. With one thread, or on one CPU, the three
 * layouts cost the same.
 *
 * Run it:    ./workbook run 07 false_sharing -t 2
 */
#include <errno.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#define LINE 64            /* bytes in a cache line, on most machines */
#define MAX_THREADS 64
#define ROUNDS 7
#define LAYOUTS 3

/* A counter alone in its cache line: the padding fills the rest of it. */
struct padded {
    _Alignas(LINE) long value;
    char padding[LINE - sizeof(long)];
};

static long adjacent[MAX_THREADS];
static struct padded own_line[MAX_THREADS];
static long one_counter;

static const char *const layout_name[LAYOUTS] = {"adjacent", "own line", "one counter"};

/* Every thread adds 1 to its counter in this layout, `times` times; the
 * seconds it took. */
static double count(int layout, long times)
{
    double start = omp_get_wtime();
    #pragma omp parallel default(none) shared(adjacent, own_line, one_counter) \
        firstprivate(layout, times)
    {
        int me = omp_get_thread_num();
        long *mine = layout == 0 ? &adjacent[me]
                   : layout == 1 ? &own_line[me].value
                   : &one_counter;
        for (long i = 0; i < times; i++) {
            #pragma omp atomic
            (*mine)++;
        }
    }
    return omp_get_wtime() - start;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    long times = 5000000;
    if (argc > 1) {
        char *end;
        errno = 0;
        times = strtol(argv[1], &end, 10);
        if (errno || end == argv[1] || *end != '\0' || times < 1 || times > 100000000) {
            fprintf(stderr, "false_sharing: the number of additions must be a whole number "
                    "from 1 to 100000000, not \"%s\".\n", argv[1]);
            return 2;
        }
    }
    int threads = omp_get_max_threads();
    if (threads > MAX_THREADS) {
        fprintf(stderr, "false_sharing: at most %d threads, and the team would have %d.\n",
                MAX_THREADS, threads);
        return 2;
    }

    for (int l = 0; l < LAYOUTS; l++)
        count(l, times / 100 + 1);                    /* the warm-up */
    double seconds[LAYOUTS][ROUNDS];
    for (int round = 0; round < ROUNDS; round++)
        for (int l = 0; l < LAYOUTS; l++)
            seconds[l][round] = count(l, times);

    printf("%d thread%s, each adding 1 to its counter %ld times with atomic\n", threads,
           threads == 1 ? "" : "s", times);
    printf("Median time of %d runs:\n", ROUNDS);
    for (int l = 0; l < LAYOUTS; l++) {
        qsort(seconds[l], ROUNDS, sizeof seconds[l][0], by_value);
        printf("  %-12s %8.4f s\n", layout_name[l], seconds[l][ROUNDS / 2]);
    }
    return 0;
}
