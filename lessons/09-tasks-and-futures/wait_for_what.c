/*
 * wait_for_what.c - taskwait waits for children, taskgroup for everyone.
 *
 * A task may create tasks of its own. `#pragma omp taskwait` waits for the
 * tasks that the current task created - its children - and not for the
 * tasks THEY created. `#pragma omp taskgroup { ... }` waits, at its closing
 * brace, for every task created inside it and for all their descendants:
 * Python's "wait for this whole batch of submissions".
 *
 * Here a child task hands its slow part (20 ms) to a grandchild task and
 * returns at once.
 *
 * Run:   ./workbook run 09 wait_for_what -t 2
 */
#define _POSIX_C_SOURCE 200809L
#include <omp.h>
#include <stdio.h>
#include <time.h>

#include "arguments.h"

static void slow_part(int *done)
{
    nap(20000);
    #pragma omp atomic write
    *done = 1;
}

/* The child: it creates the grandchild and ends without waiting for it. */
static void child(int *done)
{
    #pragma omp task default(none) firstprivate(done)
    slow_part(done);
}

int main(void)
{
    int after_taskwait = 0, after_taskgroup = 0;
    int done_1 = 0, done_2 = 0;

    #pragma omp parallel default(none) shared(done_1, done_2, after_taskwait, after_taskgroup)
    #pragma omp single
    {
        #pragma omp task default(none) shared(done_1)
        child(&done_1);
        #pragma omp taskwait
        #pragma omp atomic read
        after_taskwait = done_1;

        #pragma omp taskgroup
        {
            #pragma omp task default(none) shared(done_2)
            child(&done_2);
        }
        #pragma omp atomic read
        after_taskgroup = done_2;
    }   /* the barrier here waits for every task that is left */

    printf("After taskwait, the grandchild had finished: %s\n", after_taskwait ? "yes" : "no");
    printf("After taskgroup, the grandchild had finished: %s\n",
           after_taskgroup ? "yes" : "no");
    printf("At the end of the parallel region, both had: %s\n",
           done_1 && done_2 ? "yes" : "no");
    return 0;
}
