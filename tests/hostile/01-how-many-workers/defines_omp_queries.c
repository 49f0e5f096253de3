/*
 * Hostile: defines the OpenMP runtime's own query functions, so that the
 * tests' omp_get_num_procs(), omp_get_num_threads() and
 * omp_get_thread_num() (linked against the student's object first) return
 * whatever makes the student's stubs look right: every "team" has the size
 * asked for, every caller is thread 0, the machine has the cores the test
 * expects.
 * expect: rejected omp_get_num_procs
 */
#include "workers.h"

#include <stdio.h>

static int asked = 1;

int omp_get_num_procs(void)
{
    return 1;
}

int omp_get_num_threads(void)
{
    return asked;
}

int omp_get_thread_num(void)
{
    return 0;
}

void omp_set_num_threads(int n)
{
    asked = n;
}

int omp_get_max_threads(void)
{
    return asked;
}

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
