/*
 * Wrong program: takes the number of threads a region asks for as the
 * number of cores, so the "cores" change with omp_set_num_threads().
 * expect-fail: cores_available_counts_cores describe_cores_text
 */
#include "workers.h"

#include <omp.h>
#include <stdio.h>

int cores_available(void)
{
    return omp_get_max_threads();
}

int default_team_size(void)
{
    int size = 0;
    #pragma omp parallel
    {
        #pragma omp single
        size = omp_get_num_threads();
    }
    return size;
}

void describe_cores(char *buf, size_t size)
{
    snprintf(buf, size, "Number of cores available equals %d", cores_available());
}

