/*
 * Wrong program: default_team_size lets every thread of the team store
 * omp_get_num_threads() into the shared `size`, without `single` (or
 * `master`). All threads write the same number, so the answer always comes
 * out right, but it is a data race (several unsynchronised writes to one
 * shared variable), undefined behaviour under the OpenMP memory model,
 * which the exercise's TODO ("written by one thread only") asks to avoid.
 * No output check can see it; the race check (ThreadSanitizer) does.
 * expect-fail: no_data_race
 * expect-race: yes
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
        size = omp_get_num_threads();
    }
    return size;
}

void describe_cores(char *buf, size_t size)
{
    snprintf(buf, size, "Number of cores available equals %d", cores_available());
}
