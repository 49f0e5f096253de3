/*
 * choose_team.c - choosing the team size from inside the program.
 *
 * Python:   Pool(processes=5)
 * OpenMP:   `#pragma omp parallel num_threads(5)` for one region, or
 *           omp_set_num_threads(3) for the regions this thread starts
 *           afterwards.
 * Neither cares how many CPUs there are: ask for 5 threads on a 2-CPU
 * machine and you get 5 threads taking turns on 2 CPUs (oversubscription).
 *
 * Run it:    ./workbook run 01 choose_team
 */
#include <omp.h>
#include <stdio.h>

static void report_team(const char *what)
{
    /* Called from inside a region: one thread reports for the team. */
    #pragma omp single
    {
        int threads = omp_get_num_threads(), cpus = omp_get_num_procs();
        printf("%s: a team of %d thread%s on %d CPU%s\n", what, threads,
               threads == 1 ? "" : "s", cpus, cpus == 1 ? "" : "s");
    }
}

int main(void)
{
    printf("Number of cores available equals %d\n", omp_get_num_procs());

    /* The clause applies to this one region only. */
    #pragma omp parallel num_threads(5)
    report_team("num_threads(5)");

    /* The default is unchanged by the clause above. */
    #pragma omp parallel
    report_team("Default");

    /* omp_set_num_threads() changes the default of the thread that calls
     * it, here the only one, for every region it starts later: what
     * OMP_NUM_THREADS=3 would have done from outside the program. */
    omp_set_num_threads(3);
    #pragma omp parallel
    report_team("After omp_set_num_threads(3)");

    return 0;
}
