/*
 * Wrong program: copies at most size characters with strncpy, which leaves
 * the text without its closing '\0' when the sentence does not fit.
 * expect-fail: describe_cores_never_overflows
 */
#include "workers.h"

#include <omp.h>
#include <stdio.h>

#include <string.h>

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
    char text[64];
    snprintf(text, sizeof text, "Number of cores available equals %d", cores_available());
    strncpy(buf, text, size);
}

