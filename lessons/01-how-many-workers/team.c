/*
 * team.c - how big is the team that `#pragma omp parallel` starts?
 *
 * Python's Pool() starts one worker per CPU unless you say otherwise.
 * OpenMP's `#pragma omp parallel` starts a team of threads; how many it
 * asks for is omp_get_max_threads(), which gcc's and clang's runtimes set
 * to the number of CPUs unless the environment variable OMP_NUM_THREADS
 * says otherwise.
 *
 * Run it:    ./workbook run 01 team
 * Then try:  ./workbook run 01 team -t 3     (OMP_NUM_THREADS=3)
 *            ./workbook run 01 team -t 8     (more threads than CPUs)
 */
#include <omp.h>
#include <stdio.h>

int main(void)
{
    printf("Number of cores available equals %d\n", omp_get_num_procs());

    /* Before any parallel region: the size the next region will ask for. */
    int asked = omp_get_max_threads();
    printf("The next parallel region asks for %d thread%s\n", asked, asked == 1 ? "" : "s");

    /* Outside a parallel region your code runs on one thread only, the
     * one that started main(), so omp_get_num_threads() is 1 here. (After
     * a region the runtime keeps the other threads of the team waiting
     * for the next one: they exist, but run none of your code.) */
    printf("Outside a parallel region, omp_get_num_threads() is %d\n",
           omp_get_num_threads());

    int team_size = 0;

    /* Everything in the braces is run by every thread of the team at once. */
    #pragma omp parallel
    {
        /* Each thread has its own number, 0 .. team size - 1. These lines
         * come out in whatever order the threads happen to reach printf. */
        printf("Thread %d of %d is running\n",
               omp_get_thread_num(), omp_get_num_threads());

        /* Inside the region, omp_get_num_threads() is the size of the team
         * this region really got. `single` lets one thread (any one) store
         * it, so the threads do not all write the same variable at once. */
        #pragma omp single
        team_size = omp_get_num_threads();
    }

    /* Back to one thread: the team has finished. */
    printf("The team really had %d thread%s\n", team_size, team_size == 1 ? "" : "s");
    return 0;
}
