/*
 * nowait_maps.c - the two maps as two loops of one region, with nowait.
 *
 * Two tasks or two sections give each map to ONE thread. Two worksharing
 * loops in one region share each map among the whole team instead, and
 * `nowait` on the first loop lets a thread that is done with its share of
 * a + b start on a * b at once, while the others are still adding: the
 * whole team can work on both maps at the same time, as the pool's workers do
 * on two map_async jobs.
 *
 * What nowait takes away is the wait, and a sum is complete only once
 * every thread has added its part. The second part slows thread 0 down
 * and reads the sums in a `single` right after the loops: without a
 * barrier before it, the single reads them too early.
 *
 * Run it:    ./workbook run 10 nowait_maps -t 3
 */
#define _POSIX_C_SOURCE 200809L
#include "two_lists.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define MAX_TEAM 64

/* When each thread started and finished each map. */
static double map_start[2][MAX_TEAM], map_end[2][MAX_TEAM];

static void note(double *when, int me)
{
    if (me < MAX_TEAM)
        when[me] = omp_get_wtime();
}

static void sleep_ms(long ms)
{
    struct timespec nap = {0, ms * 1000000L};
    nanosleep(&nap, NULL);
}

/* The time both maps were running at once: from the later first start to
 * the earlier last end. */
static double overlap(int threads)
{
    double start[2], end[2];
    for (int m = 0; m < 2; m++) {
        start[m] = map_start[m][0];
        end[m] = map_end[m][0];
        for (int t = 1; t < threads && t < MAX_TEAM; t++) {
            start[m] = map_start[m][t] < start[m] ? map_start[m][t] : start[m];
            end[m] = map_end[m][t] > end[m] ? map_end[m][t] : end[m];
        }
    }
    double from = start[0] > start[1] ? start[0] : start[1];
    double to = end[0] < end[1] ? end[0] : end[1];
    return to > from ? to - from : 0.0;
}

/* Part 2: reduction on each nowait loop, then a single that reads the two
 * sums, with or without a barrier before it. Thread 0 sleeps 100 ms at its
 * first item of a * b. */
static void read_in_single(const long long *a, const long long *b, long n, int barrier,
                           long long *sums_read, long long *products_read)
{
    long long sums = 0, products = 0;
    #pragma omp parallel default(none) shared(a, b, n, barrier, sums, products, sums_read, products_read)
    {
        int slept = 0;
        #pragma omp for nowait reduction(+:sums)
        for (long i = 0; i < n; i++)
            sums += a[i] + b[i];
        #pragma omp for nowait reduction(+:products)
        for (long i = 0; i < n; i++) {
            if (omp_get_thread_num() == 0 && !slept) {
                sleep_ms(100);
                slept = 1;
            }
            products += a[i] * b[i];
        }
        if (barrier) {
            #pragma omp barrier
        }
        #pragma omp single
        {
            *sums_read = sums;
            *products_read = products;
        }
    }
}

int main(int argc, char **argv)
{
    long n = read_items(argc, argv, "nowait_maps", 1000000);
    if (n == 0)
        return 2;
    long long *a = make_list(n, 1), *b = make_list(n, 101);
    if (!a || !b) {
        fprintf(stderr, "nowait_maps: out of memory\n");
        return 1;
    }
    /* Wake the team once first (lesson 08): what follows shows the maps, not the start. */
    #pragma omp parallel
    { }
    long long sums = 0, products = 0;
    long added[MAX_TEAM] = {0}, multiplied[MAX_TEAM] = {0};
    int threads = 1;

    #pragma omp parallel default(none) shared(a, b, n, added, multiplied, threads, map_start, map_end) reduction(+:sums, products)
    {
        int me = omp_get_thread_num();
        #pragma omp single nowait
        threads = omp_get_num_threads();
        note(map_start[0], me);
        #pragma omp for nowait schedule(static)
        for (long i = 0; i < n; i++) {
            sums += a[i] + b[i];
            if (me < MAX_TEAM)
                added[me]++;
        }
        note(map_end[0], me);
        /* No barrier here: on to the second map at once. */
        note(map_start[1], me);
        #pragma omp for nowait schedule(static)
        for (long i = 0; i < n; i++) {
            products += a[i] * b[i];
            if (me < MAX_TEAM)
                multiplied[me]++;
        }
        note(map_end[1], me);
    }   /* the end of the region: a barrier, and the reduction's sums are complete */

    long long want_sums, want_products;
    serial_sums(a, b, n, &want_sums, &want_products);
    printf("Two maps over a[i] = i + 1 and b[i] = i + 101 for i = 0..%ld, as two nowait "
           "loops, %d thread%s\n", n - 1, threads, threads == 1 ? "" : "s");
    printf("The sum of a[i] + b[i] is %lld  %s\n", sums, sums == want_sums ? "right" : "WRONG");
    printf("The sum of a[i] * b[i] is %lld  %s\n", products,
           products == want_products ? "right" : "WRONG");
    printf("thread   items of a + b   items of a * b\n");
    for (int t = 0; t < threads && t < MAX_TEAM; t++)
        printf("%6d %16ld %16ld\n", t, added[t], multiplied[t]);
    printf("Both maps were running at once for %.2f ms\n", overlap(threads) * 1e3);

    printf("Thread 0 slowed down 100 ms in a * b; the sums read in a single after the loops:\n");
    for (int barrier = 0; barrier <= 1; barrier++) {
        long long s, p;
        read_in_single(a, b, n, barrier, &s, &p);
        printf("  %-16s %lld and %lld  %s\n", barrier ? "with a barrier" : "without one", s, p,
               s == want_sums && p == want_products ? "right" : "WRONG");
    }
    free(a);
    free(b);
    return 0;
}
