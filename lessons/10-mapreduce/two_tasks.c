/*
 * two_tasks.c - two maps submitted at once, as two tasks.
 *
 * The tutorial hands two maps to one pool with map_async and then waits
 * for both. Here one thread (single) creates two tasks, one per map, and
 * waits for both with taskwait; any thread of the team may take a task,
 * the one that created them too, while it waits. Each task is a whole map,
 * run by whichever thread took it: the two maps may run at the same time,
 * on two threads, or one after the other on one (nothing promises either),
 * and any other thread has nothing to do.
 *
 * Run it:    ./workbook run 10 two_tasks -t 2
 *            ./workbook run 10 two_tasks -t 2 -- 100    (100 items)
 */
#include "two_lists.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

/* What one map did: who ran it, and when. */
struct run {
    int thread;
    double start, end;
};

static long long map_add(const long long *a, const long long *b, long n, struct run *run)
{
    run->thread = omp_get_thread_num();
    run->start = omp_get_wtime();
    long long total = 0;
    for (long i = 0; i < n; i++)
        total += a[i] + b[i];
    run->end = omp_get_wtime();
    return total;
}

static long long map_multiply(const long long *a, const long long *b, long n,
                              struct run *run)
{
    run->thread = omp_get_thread_num();
    run->start = omp_get_wtime();
    long long total = 0;
    for (long i = 0; i < n; i++)
        total += a[i] * b[i];
    run->end = omp_get_wtime();
    return total;
}

int main(int argc, char **argv)
{
    long n = read_items(argc, argv, "two_tasks", 1000000);
    if (n == 0)
        return 2;
    long long *a = make_list(n, 1), *b = make_list(n, 101);
    if (!a || !b) {
        fprintf(stderr, "two_tasks: out of memory\n");
        return 1;
    }
    /* Wake the team once first (lesson 08): what follows shows the maps, not the start. */
    #pragma omp parallel
    { }
    long long sums = 0, products = 0;
    struct run adding = {0, 0, 0}, multiplying = {0, 0, 0};
    int threads = 1;
    double began = omp_get_wtime();

    #pragma omp parallel default(none) shared(a, b, n, sums, products, adding, multiplying, threads)
    #pragma omp single
    {
        threads = omp_get_num_threads();
        /* Submitted: each task may start at once, on any thread of the team. */
        #pragma omp task default(none) shared(a, b, n, sums, adding)
        sums = map_add(a, b, n, &adding);
        #pragma omp task default(none) shared(a, b, n, products, multiplying)
        products = map_multiply(a, b, n, &multiplying);
        /* Wait for both, as get() does on both handles. */
        #pragma omp taskwait
    }

    long long want_sums, want_products;
    serial_sums(a, b, n, &want_sums, &want_products);
    printf("Two maps over a[i] = i + 1 and b[i] = i + 101 for i = 0..%ld, as two tasks, "
           "%d thread%s\n", n - 1, threads, threads == 1 ? "" : "s");
    printf("The sum of a[i] + b[i] is %lld  %s\n", sums, sums == want_sums ? "right" : "WRONG");
    printf("The sum of a[i] * b[i] is %lld  %s\n", products,
           products == want_products ? "right" : "WRONG");
    printf("a + b ran on thread %d, from %.2f to %.2f ms\n", adding.thread,
           (adding.start - began) * 1e3, (adding.end - began) * 1e3);
    printf("a * b ran on thread %d, from %.2f to %.2f ms\n", multiplying.thread,
           (multiplying.start - began) * 1e3, (multiplying.end - began) * 1e3);
    double from = adding.start > multiplying.start ? adding.start : multiplying.start;
    double to = adding.end < multiplying.end ? adding.end : multiplying.end;
    printf("Both maps were running at once for %.2f ms\n", to > from ? (to - from) * 1e3 : 0.0);
    free(a);
    free(b);
    return 0;
}
