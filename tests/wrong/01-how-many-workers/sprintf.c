/*
 * Wrong program: uses sprintf, which ignores the size of the buffer and
 * writes the whole sentence even where it does not fit.
 * expect-fail: describe_cores_never_overflows
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
    (void)size;
    sprintf(buf, "Number of cores available equals %d", cores_available());
}

