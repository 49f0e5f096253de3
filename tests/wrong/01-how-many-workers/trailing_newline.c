/*
 * Wrong program: ends the sentence with a newline, which belongs to the
 * printing, not to the text.
 * expect-fail: describe_cores_text describe_cores_follows_affinity
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
    snprintf(buf, size, "Number of cores available equals %d\n", cores_available());
}

