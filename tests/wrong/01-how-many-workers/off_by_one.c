/*
 * Wrong program: copies the sentence by hand and, when it does not fit,
 * writes the closing '\0' one character past the end of the buffer.
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
    char text[64];
    size_t i;
    sprintf(text, "Number of cores available equals %d", cores_available());
    for (i = 0; i < size && text[i] != '\0'; i++)
        buf[i] = text[i];
    if (size > 0)
        buf[i] = '\0';
}

