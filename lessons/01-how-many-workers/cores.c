/*
 * cores.c - how many CPUs may this program use?
 *
 * The Python tutorial starts by printing what multiprocessing.cpu_count()
 * says. In C with OpenMP the same question is answered by
 * omp_get_num_procs().
 *
 * Run it:    ./workbook run 01 cores
 * Then try:  taskset -c 0 ./workbook run 01 cores
 *            (taskset lets the program use CPU 0 only: the count drops to 1)
 */
#include <omp.h>
#include <stdio.h>

int main(void)
{
    /* omp_get_num_procs() counts the logical CPUs this program is allowed
     * to run on right now: the "CPU(s)" of lscpu, where a core with two
     * hardware threads counts twice. taskset, a container's cpuset or a
     * batch scheduler that pins the program to some CPUs make the count
     * smaller. A CPU quota (docker --cpus, a cgroup's cpu.max) does not:
     * it limits how much time the program gets, not where it may run. */
    int cores = omp_get_num_procs();

    /* The tutorial's words, although it is CPUs that are counted. */
    printf("Number of cores available equals %d\n", cores);
    return 0;
}
