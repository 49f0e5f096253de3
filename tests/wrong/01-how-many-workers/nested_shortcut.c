/*
 * Wrong program: the student read that "a region started inside a running
 * team gets a team of one thread" and wrote that rule into the code:
 * inside a parallel region default_team_size() answers 1 without asking,
 * outside it answers omp_get_max_threads(). The rule only holds while
 * nested parallelism is off (max-active-levels 1). With
 * omp_set_max_active_levels(2) a region started from inside a team really
 * gets omp_get_max_threads() threads there, and the header asks for
 * "whatever size the new region really gets there".
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
    /* A region inside a region only gets one thread, so no need to start
     * one to find out. */
    if (omp_in_parallel())
        return 1;
    return omp_get_max_threads();
}

void describe_cores(char *buf, size_t size)
{
    snprintf(buf, size, "Number of cores available equals %d", cores_available());
}
