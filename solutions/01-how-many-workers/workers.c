/*
 * Exercise 01 - how many workers? (solution)
 */
#include "workers.h"

#include <omp.h>
#include <stdio.h>

int cores_available(void)
{
    /* The logical CPUs this program may run on (a core with two hardware
     * threads counts twice): all of them, unless taskset, a batch system or
     * a container's cpuset gave it fewer. A CPU quota does not show here. */
    return omp_get_num_procs();
}

int default_team_size(void)
{
    int size = 0;
    /* omp_get_max_threads() is only what the region will ask for; the team
     * it really gets is known inside the region. One thread stores it. */
    #pragma omp parallel
    {
        #pragma omp single
        size = omp_get_num_threads();
    }
    return size;
}

void describe_cores(char *buf, size_t size)
{
    /* snprintf cuts the text to fit size and always ends it with '\0';
     * with size 0 it writes nothing. */
    snprintf(buf, size, "Number of cores available equals %d", cores_available());
}
