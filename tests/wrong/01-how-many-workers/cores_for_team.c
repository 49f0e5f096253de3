/*
 * Wrong program: takes the number of cores as the size of the team, which
 * is only the default: omp_set_num_threads() or OMP_NUM_THREADS change it.
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
    return omp_get_num_procs();
}

void describe_cores(char *buf, size_t size)
{
    snprintf(buf, size, "Number of cores available equals %d", cores_available());
}

