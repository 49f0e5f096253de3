/*
 * Hostile: does not compile at all (a missing brace and an unknown type),
 * in case a grader that cannot build a submission falls back on an older
 * build of it, on the shipped file, or on the solution.
 * expect: no points
 */
#include "workers.h"

int cores_available(void)
{
    return omp_get_num_procs();

int default_team_size(void)
{
    undeclared_type x = 1;
    return x;
}

void describe_cores(char *buf, size_t size)
{
    (void)buf, (void)size;
}
