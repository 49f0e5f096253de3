/*
 * two_sections.c - the same two maps, as two sections.
 *
 * `sections` is the older way to say "these blocks may run at the same
 * time": each `section` runs once, on some thread of the team. Like the
 * two tasks of two_tasks.c, each section is a whole map on one thread;
 * the program counts how many items of each map every thread did, which
 * shows the threads that got none.
 *
 * Run it:    ./workbook run 10 two_sections -t 3
 */
#include "two_lists.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_TEAM 64

int main(int argc, char **argv)
{
    long n = read_items(argc, argv, "two_sections", 1000000);
    if (n == 0)
        return 2;
    long long *a = make_list(n, 1), *b = make_list(n, 101);
    if (!a || !b) {
        fprintf(stderr, "two_sections: out of memory\n");
        return 1;
    }
    /* Wake the team once first (lesson 08): what follows shows the maps, not the start. */
    #pragma omp parallel
    { }
    long long sums = 0, products = 0;
    long added[MAX_TEAM] = {0}, multiplied[MAX_TEAM] = {0};
    int threads = 1;

    #pragma omp parallel sections default(none) shared(a, b, n, sums, products, added, multiplied, threads)
    {
        #pragma omp section
        {
            int me = omp_get_thread_num();
            threads = omp_get_num_threads();
            for (long i = 0; i < n; i++)
                sums += a[i] + b[i];
            if (me < MAX_TEAM)
                added[me] = n;
        }
        #pragma omp section
        {
            int me = omp_get_thread_num();
            for (long i = 0; i < n; i++)
                products += a[i] * b[i];
            if (me < MAX_TEAM)
                multiplied[me] = n;
        }
        /* Here, the end of sections and of the region: a barrier. */
    }

    long long want_sums, want_products;
    serial_sums(a, b, n, &want_sums, &want_products);
    printf("Two maps over a[i] = i + 1 and b[i] = i + 101 for i = 0..%ld, as two sections, "
           "%d thread%s\n", n - 1, threads, threads == 1 ? "" : "s");
    printf("The sum of a[i] + b[i] is %lld  %s\n", sums, sums == want_sums ? "right" : "WRONG");
    printf("The sum of a[i] * b[i] is %lld  %s\n", products,
           products == want_products ? "right" : "WRONG");
    printf("thread   items of a + b   items of a * b\n");
    for (int t = 0; t < threads && t < MAX_TEAM; t++)
        printf("%6d %16ld %16ld\n", t, added[t], multiplied[t]);
    free(a);
    free(b);
    return 0;
}
