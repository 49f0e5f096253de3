/*
 * Wrong program: the solution's code, compiled without -fopenmp, so every
 * pragma is silently ignored and no team is ever started.
 * build: without-openmp
 * expect-fail: team_size_is_requested team_size_is_measured_inside
 */
#include "workers.h"

#include <omp.h>
#include <stdio.h>

int cores_available(void)
{
    return omp_get_num_procs();
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

