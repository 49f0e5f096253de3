/*
 * Wrong program: answers with the tutorial's "4 cores" instead of asking
 * the OpenMP runtime.
 * expect-fail: cores_available_follows_affinity team_size_is_requested team_size_is_measured_inside describe_cores_follows_affinity
 */
#include "workers.h"

#include <omp.h>
#include <stdio.h>

int cores_available(void)
{
    return 4;
}

int default_team_size(void)
{
    return 4;
}

void describe_cores(char *buf, size_t size)
{
    snprintf(buf, size, "Number of cores available equals 4");
}

