/*
 * Wrong program: counts every online CPU of the machine, as Python's
 * cpu_count() does, instead of the CPUs this program may run on.
 * sysconf() is no function of exercise 01 (workbook.toml calls), so the
 * symbol policy refuses the file before it runs.
 * expect-policy: sysconf
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

