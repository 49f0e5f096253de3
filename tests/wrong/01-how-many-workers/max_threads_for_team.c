/*
 * Wrong program: returns the size a region asks for (omp_get_max_threads())
 * instead of measuring the team it gets, which differs inside a team.
 * expect-fail: team_size_is_measured_inside
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
    return omp_get_max_threads();
}

void describe_cores(char *buf, size_t size)
{
    snprintf(buf, size, "Number of cores available equals %d", cores_available());
}

