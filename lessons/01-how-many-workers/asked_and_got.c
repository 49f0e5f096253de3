/*
 * asked_and_got.c - the size a region asks for is not always the size it gets.
 *
 * omp_get_max_threads() says how many threads the next `#pragma omp parallel`
 * will ask for. The team it really gets can be smaller. The plainest case:
 * a parallel region started by a thread that is already part of a team.
 * How many levels of regions may be active at once is a setting,
 * OMP_MAX_ACTIVE_LEVELS (or omp_set_max_active_levels()); gcc's and clang's
 * runtimes start at 1, so that inner region gets a team of one thread.
 *
 * The only sure way to know the size of a team is to ask inside the region,
 * with omp_get_num_threads().
 *
 * Run it:    ./workbook run 01 asked_and_got -t 3
 * Then try:  OMP_MAX_ACTIVE_LEVELS=2 ./workbook run 01 asked_and_got -t 3
 */
#include <omp.h>
#include <stdio.h>

/* Start a parallel region and return the size of the team it really got. */
static int measure_team(void)
{
    int size = 0;
    #pragma omp parallel
    {
        #pragma omp single
        size = omp_get_num_threads();
    }
    return size;
}

int main(void)
{
    int asked = omp_get_max_threads();
    printf("From main: asks for %d thread%s, gets %d\n", asked, asked == 1 ? "" : "s",
           measure_team());

    /* Now the same question from inside a team of 2 threads. */
    #pragma omp parallel num_threads(2)
    {
        #pragma omp single
        {
            int inner_asked = omp_get_max_threads();
            int got = measure_team();
            printf("From inside a team of %d: asks for %d thread%s, gets %d\n",
                   omp_get_num_threads(), inner_asked, inner_asked == 1 ? "" : "s", got);
        }
    }
    return 0;
}
