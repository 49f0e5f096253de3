/*
 * taskloop_grain.c - a loop cut into tasks: taskloop and its grainsize.
 *
 * `#pragma omp taskloop` met by one thread cuts the loop into chunks of
 * consecutive iterations, a task each, and the team runs the tasks.
 * grainsize(g) asks for tasks of at least g iterations (fewer than 2g),
 * num_tasks(t) for t tasks. It is close to Pool.map's chunksize: the
 * number of items a worker takes at a time.
 *
 * To see where each task starts, every task gets its own copy of `fresh`
 * (firstprivate), which is 1 only until the task's first iteration.
 *
 * Run:   ./workbook run 09 taskloop_grain -t 2        (-- N, 1 to 100000)
 */
#define _POSIX_C_SOURCE 200809L
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#include "arguments.h"

/* What each loop below records: which items start a task. */
static void print_tasks(const char *how, const char *starts, unsigned long n)
{
    unsigned long tasks = 0, first = 0;
    printf("%-16s", how);
    for (unsigned long i = 1; i <= n; i++) {
        if (i == n || starts[i]) {
            tasks++;
            if (tasks <= 12)
                printf(" %lu", i - first);
            first = i;
        }
    }
    printf("%s  (%lu task%s)\n", tasks > 12 ? " ..." : "", tasks, tasks == 1 ? "" : "s");
}

/* With -Wsign-conversion (which -Wall -Wextra leave off), clang 14 warns
 * about the code it generates for every taskloop, whatever the type of its
 * variable: the warning is about clang's code, not ours, so it is turned
 * off here, for clang only, for whoever adds that flag. */
#ifdef __clang__
#pragma clang diagnostic ignored "-Wsign-conversion"
#endif

int main(int argc, char **argv)
{
    long count = count_argument("taskloop_grain", argc, argv, "N", 100, 1, 100000);
    if (count < 0)
        return 2;
    /* Unsigned: with -Wextra, clang 14 warns (-Wsign-compare) about the
     * code it makes for a taskloop over a signed variable whose bound is
     * known only at run time. */
    unsigned long n = (unsigned long)count;
    char *starts = calloc(n, 1);
    if (!starts)
        return 1;
    int threads = omp_get_max_threads();
    printf("taskloop over %lu items, %d thread%s: the size of each task, in order\n", n,
           threads, threads == 1 ? "" : "s");

    long grains[] = {1, 7, 10, 30, 60, 100};
    for (int g = 0; g < 6; g++) {
        long grain = grains[g];
        int fresh = 1;
        #pragma omp parallel default(none) shared(starts, n, grain, fresh)
        #pragma omp single
        #pragma omp taskloop default(none) shared(starts) firstprivate(n, fresh) grainsize(grain)
        for (unsigned long i = 0; i < n; i++) {
            starts[i] = (char)fresh;
            fresh = 0;
        }
        char how[24];
        snprintf(how, sizeof how, "grainsize(%ld):", grain);
        print_tasks(how, starts, n);
    }

    int fresh = 1;
    #pragma omp parallel default(none) shared(starts, n, fresh)
    #pragma omp single
    #pragma omp taskloop default(none) shared(starts) firstprivate(n, fresh) num_tasks(4)
    for (unsigned long i = 0; i < n; i++) {
        starts[i] = (char)fresh;
        fresh = 0;
    }
    print_tasks("num_tasks(4):", starts, n);

    #pragma omp parallel default(none) shared(starts, n, fresh)
    #pragma omp single
    #pragma omp taskloop default(none) shared(starts) firstprivate(n, fresh)
    for (unsigned long i = 0; i < n; i++) {
        starts[i] = (char)fresh;
        fresh = 0;
    }
    print_tasks("no clause:", starts, n);

    unsigned long per = 4UL * (unsigned long)threads;
    printf("Pool.map's chunksize for %lu items and %d worker%s: %lu\n", n, threads,
           threads == 1 ? "" : "s",
           n / per + (n % per != 0));
    free(starts);
    return 0;
}
