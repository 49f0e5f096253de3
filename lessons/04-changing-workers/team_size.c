/*
 * team_size.c - three ways to choose the number of threads, and which wins.
 *
 *   OMP_NUM_THREADS=4        an environment variable, read once when the
 *                            program starts: the default for every region.
 *   omp_set_num_threads(6)   a call: a new default for the regions that
 *                            start after it (in this thread).
 *   num_threads(5)           a clause on one parallel region: that region
 *                            only; the default stays what it was.
 *
 * The closer to the loop, the stronger: the clause beats the call, and the
 * call beats the environment. Nothing given: one thread per CPU (with
 * gcc's and clang's runtimes; the standard leaves it to each).
 *
 * Run:   ./workbook run 04 team_size
 *        ./workbook run 04 team_size -t 3      (sets OMP_NUM_THREADS=3)
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

/* The size of the team that runs a region with no num_threads clause. */
static int plain_team(void)
{
    int size = 0;
    #pragma omp parallel
    {
        #pragma omp single
        size = omp_get_num_threads();
    }
    return size;
}

/* The size of a team asked for with num_threads(wanted). */
static int clause_team(int wanted)
{
    int size = 0;
    #pragma omp parallel num_threads(wanted)
    {
        #pragma omp single
        size = omp_get_num_threads();
    }
    return size;
}

int main(void)
{
    const char *env = getenv("OMP_NUM_THREADS");
    if (env)
        printf("OMP_NUM_THREADS is %s\n", env);
    else
        printf("OMP_NUM_THREADS is not set: the default is one thread per CPU (%d here)\n",
               omp_get_num_procs());

    printf("1. a region with no clause:              team of %d\n", plain_team());
    printf("2. a region with num_threads(5):         team of %d\n", clause_team(5));
    printf("3. the next region with no clause:       team of %d  (the clause did not stick)\n",
           plain_team());

    omp_set_num_threads(6);
    printf("   omp_set_num_threads(6) called; omp_get_max_threads() is now %d\n",
           omp_get_max_threads());
    printf("4. a region with no clause:              team of %d  (the new default)\n",
           plain_team());
    printf("5. a region with num_threads(5):         team of %d  (the clause still wins)\n",
           clause_team(5));
    printf("6. the next region with no clause:       team of %d\n", plain_team());
    return 0;
}
