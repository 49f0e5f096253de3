/*
 * Wrong program: counts every online CPU of the machine, as Python's
 * cpu_count() does, instead of the CPUs this program may run on.
 * expect-fail: cores_available_follows_affinity describe_cores_follows_affinity
 */
#include "workers.h"

#include <omp.h>
#include <stdio.h>

#include <unistd.h>

int cores_available(void)
{
    return (int)sysconf(_SC_NPROCESSORS_ONLN);
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

