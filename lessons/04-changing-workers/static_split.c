/*
 * static_split.c - how schedule(static) divides the items as the number of
 * threads changes: the tutorial's exercise, for 1 to 8 workers at once.
 *
 * schedule(static) with no chunk size cuts the items into at most one
 * block per thread, of about equal sizes, handed out in thread order.
 * That is all the OpenMP standard promises. gcc's and clang's runtimes
 * both go further, in the same way: the sizes differ by at most one, and
 * when the items do not divide evenly the first threads get one item
 * more. The division depends only on the number of items and of
 * threads, so it is the same on every run.
 *
 * Run:   ./workbook run 04 static_split              (items 1 to 20)
 *        ./workbook run 04 static_split -- 21        (items 1 to 21)
 *        ./workbook run 04 static_split -t 4         (the last part with 4 threads)
 */
#include "division.h"
#include "read_number.h"

#include <omp.h>
#include <stdio.h>

#define MAX_ITEMS 200
#define MAX_TEAM 36    /* the threads a division row can show: 0-9, a-z */

int main(int argc, char **argv)
{
    long items = 20;
    if (argc > 1 && !read_number("static_split", "number of items", argv[1], 1, MAX_ITEMS,
                                 &items))
        return 2;
    int owner[MAX_ITEMS];   /* owner[x - 1]: the thread that handled item x */

    printf("schedule(static): who handles each of the items 1 to %ld\n", items);
    for (int threads = 1; threads <= 8; threads++) {
        /* num_threads(threads) sets the team size of this loop only. */
        #pragma omp parallel for num_threads(threads) schedule(static)
        for (long x = 1; x <= items; x++)
            owner[x - 1] = omp_get_thread_num();
        print_division_row(owner, items, threads);
    }

    /* Without num_threads the team has the default size: OMP_NUM_THREADS
     * if it is set (./workbook run -t sets it), else one thread per CPU.
     * omp_get_max_threads() tells that size before the region starts. */
    int team = omp_get_max_threads();
    if (team > MAX_TEAM) {
        fprintf(stderr, "static_split: the default team would have %d threads; this "
                "program shows at most %d.\n", team, MAX_TEAM);
        return 2;
    }
    #pragma omp parallel for schedule(static)
    for (long x = 1; x <= items; x++)
        owner[x - 1] = omp_get_thread_num();
    printf("\nThe default team has %d thread%s; item by item:\n", team, team == 1 ? "" : "s");
    print_division_by_thread(owner, items, team);
    return 0;
}
