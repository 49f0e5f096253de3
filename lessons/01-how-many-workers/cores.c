/*
 * cores.c - how many cores may this program use?
 *
 * The Python tutorial starts with
 *     print(f"Number of cores available equals {cpu_count()}")
 * In C with OpenMP the same question is answered by omp_get_num_procs().
 *
 * Run it:    ./workbook run 01 cores
 * Then try:  taskset -c 0 ./workbook run 01 cores
 *            (taskset lets the program use CPU 0 only: the count drops to 1)
 */
#include <omp.h>
#include <stdio.h>

int main(void)
{
    /* omp_get_num_procs() counts the processors this program is allowed to
     * run on right now. Usually that is every core of the machine, but
     * taskset, a batch scheduler or a container can hand the program fewer,
     * and then it reports fewer. */
    int cores = omp_get_num_procs();

    printf("Number of cores available equals %d\n", cores);
    return 0;
}
