/*
 * Wrong program: describe_cores formats into a local buffer, copies at most
 * size characters with strncpy and then "makes sure" of the terminator
 * with buf[size - 1] = '\0'. When size is 0, size - 1 is SIZE_MAX and the
 * store lands one character BEFORE buf (pointer wrap-around): the header
 * says nothing at all may be written when size is 0. The tests keep a
 * canary before the buffer too: describe_cores_never_overflows, at size 0,
 * finds buf[-1] changed and says so.
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
    buf[size - 1] = '\0';   /* strncpy may leave it unterminated */
}
