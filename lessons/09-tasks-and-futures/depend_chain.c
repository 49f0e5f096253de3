/*
 * depend_chain.c - a result that needs another: depend(in/out/inout).
 *
 * Item i has two stages: produce(i), slow and independent of the others,
 * and combine(i), which folds item i's product into a running total, so it
 * needs produce(i) AND the previous combine. A taskwait between the two
 * stages would do, but it makes every combine wait for the slowest
 * producer. depend clauses state what each task needs instead:
 *   depend(out: a[i])        this task writes a[i]
 *   depend(in: a[i])         this task waits for the earlier sibling tasks
 *                            that name a[i] in an out or inout clause
 *   depend(inout: running)   reads and writes running: waits for every
 *                            earlier sibling that named it, so the
 *                            combines run in creation order
 * and each combine starts as soon as its own inputs are there.
 *
 * Run:   ./workbook run 09 depend_chain -t 2
 */
#define _POSIX_C_SOURCE 200809L
#include <omp.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arguments.h"

#define ITEMS 6

int main(void)
{
    long long a[ITEMS], b[ITEMS];
    char events[4 * ITEMS][48];
    int next_event = 0;
    double started = omp_get_wtime();

    #pragma omp parallel default(none) shared(a, b, events, next_event, started)
    #pragma omp single
    {
        long long running = 0;
        for (int i = 0; i < ITEMS; i++) {
            #pragma omp task default(none) firstprivate(i) shared(a, events, next_event, started) \
                depend(out: a[i])
            {
                nap(1000 * (ITEMS - i) * 3);    /* item 0 is the slowest to produce */
                a[i] = 10 * (i + 1);
                int e;
                #pragma omp atomic capture
                e = next_event++;
                snprintf(events[e], sizeof events[e], "%5.1f ms  produce(%d) done",
                         1000 * (omp_get_wtime() - started), i);
            }
            #pragma omp task default(none) firstprivate(i) \
                shared(a, b, running, events, next_event, started) \
                depend(in: a[i]) depend(inout: running)
            {
                running = running * 2 + a[i];
                b[i] = running;
                int e;
                #pragma omp atomic capture
                e = next_event++;
                snprintf(events[e], sizeof events[e], "%5.1f ms  combine(%d) done",
                         1000 * (omp_get_wtime() - started), i);
            }
        }
        /* running lives in this block: wait for the last task that uses it. */
        #pragma omp taskwait
    }

    int threads = omp_get_max_threads();
    printf("%d items, %d thread%s: produce(i) takes %d ms for item 0, down to 3 ms for the "
           "last\n", ITEMS, threads, threads == 1 ? "" : "s", 3 * ITEMS);
    for (int e = 0; e < next_event; e++)
        printf("%s\n", events[e]);
    printf("The combines, in the order they finished:");
    for (int e = 0; e < next_event; e++) {
        const char *combine = strstr(events[e], "combine(");
        if (combine)
            printf(" %c", combine[8]);
    }
    printf("\n");
    printf("b:");
    for (int i = 0; i < ITEMS; i++)
        printf(" %lld", b[i]);
    printf("\n");
    return 0;
}
