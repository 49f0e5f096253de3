/*
 * Wrong program: the team is counted outside any parallel region (the
 * pragma was left out), where omp_get_num_threads() is always 1, or the
 * size of the team the caller is already in.
 * expect-fail: team_size_is_requested team_size_is_measured_inside
 * expect-message: team_size_is_measured_inside the caller's team
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
    return omp_get_num_threads();
}

void describe_cores(char *buf, size_t size)
{
    snprintf(buf, size, "Number of cores available equals %d", cores_available());
}

