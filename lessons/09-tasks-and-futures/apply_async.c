/*
 * apply_async.c - one thread submits the jobs, the whole team runs them.
 *
 * In Python, `pool.apply_async(square, (x,))` hands one call to the pool
 * and returns at once with a handle; `handle.get()` waits for its result.
 * In OpenMP the call is a task: `#pragma omp task` packs up the statement
 * under it and returns at once; any thread of the team may run it, now or
 * later; `#pragma omp taskwait` waits for the current task's children:
 * here every task that the single block created.
 * One thread submits (`single`), like the one main program of the Python
 * script, and the others, which wait at the end of the single block, pick
 * the jobs up.
 *
 * Run:   ./workbook run 09 apply_async -t 2
 */
#define _POSIX_C_SOURCE 200809L
#include <omp.h>
#include <stdio.h>
#include <time.h>

#include "arguments.h"

#define JOBS 10

static long long square(long long x)
{
    nap(1000 * (x % 3 + 1));    /* jobs of 1, 2 or 3 ms: uneven on purpose */
    return x * x;
}

int main(void)
{
    long long result[JOBS];
    int ran_on[JOBS], started[JOBS];
    int next = 0, submitter = -1, team = 0;

    #pragma omp parallel default(none) shared(result, ran_on, started, next, submitter, team)
    #pragma omp single
    {
        submitter = omp_get_thread_num();
        team = omp_get_num_threads();
        for (int x = 1; x <= JOBS; x++) {
            /* The job keeps its own x (firstprivate): the loop moves on. */
            #pragma omp task default(none) firstprivate(x) shared(result, ran_on, started, next)
            {
                int order;
                #pragma omp atomic capture
                order = next++;
                started[x - 1] = order + 1;
                ran_on[x - 1] = omp_get_thread_num();
                result[x - 1] = square(x);
            }
        }
        /* result.get() for all of them: wait until every job has finished. */
        #pragma omp taskwait
    }

    printf("A team of %d thread%s; one of them submits %d jobs\n", team, team == 1 ? "" : "s",
           JOBS);
    printf("The submitting thread is thread %d\n", submitter);
    int in_order = 1, used[64] = {0}, threads_used = 0;
    for (int x = 1; x <= JOBS; x++) {
        printf("square(%d) ran on thread %d, started %d of %d\n", x, ran_on[x - 1],
               started[x - 1], JOBS);
        in_order &= started[x - 1] == x;
        if (ran_on[x - 1] >= 0 && ran_on[x - 1] < 64 && !used[ran_on[x - 1]]++)
            threads_used++;
    }
    printf("Threads that ran jobs: %d of %d\n", threads_used, team);
    printf("The jobs started in the order they were submitted: %s\n", in_order ? "yes" : "no");
    printf("Results, in the order submitted:");
    for (int x = 1; x <= JOBS; x++)
        printf(" %lld", result[x - 1]);
    printf("\n");
    return 0;
}
