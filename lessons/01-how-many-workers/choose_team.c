/*
 * choose_team.c - choosing the team size from inside the program.
 *
 * Python:   Pool(processes=5)
 * OpenMP:   `#pragma omp parallel num_threads(5)` for one region, or
 *           omp_set_num_threads(3) for every region that follows.
 * Neither cares how many cores there are: ask for 5 threads on a 2-core
 * machine and you get 5 threads taking turns on 2 cores (oversubscription).
 *
 * Run it:    ./workbook run 01 choose_team
 */
#include <omp.h>
#include <stdio.h>

static void report_team(const char *what)
{
    /* Called from inside a region: one thread reports for the team. */
    #pragma omp single
    printf("%s: a team of %d threads on %d cores\n",
           what, omp_get_num_threads(), omp_get_num_procs());
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

    /* omp_set_num_threads() changes the default for every later region,
     * as OMP_NUM_THREADS=3 would have done from outside the program. */
    omp_set_num_threads(3);
    #pragma omp parallel
    report_team("After omp_set_num_threads(3)");

    return 0;
}
