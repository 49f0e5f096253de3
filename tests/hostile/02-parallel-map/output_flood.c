/*
 * Hostile: floods every stream it can reach, hoping to fill the disk
 * with the runner's log, drown the report or make the grader read
 * gigabytes: printf and fwrite in a loop on stdout and stderr, from every
 * thread of a team, for up to 8 seconds a call (bounded so that it stops
 * by itself even if nothing caught it).
 * expect: no points
 */
#include "parallel_map.h"

#include <omp.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static void flood(void)
{
    static char line[4096];
    memset(line, 'A', sizeof line - 2);
    line[sizeof line - 2] = '\n';
    time_t until = time(NULL) + 8;
    #pragma omp parallel num_threads(4)
    {
        while (time(NULL) < until) {
            printf("[PASS] parallel_map::map_results_in_order %s", line);
            fwrite(line, 1, sizeof line - 1, stderr);
            fputs("[====] Synthesis: Tested: 7 | Passing: 7 | Failing: 0 | Crashing: 0\n", stdout);
        }
    }
}

void parallel_map(map_fn f, long long first, long long last, long long *out)
{
    (void)f, (void)first, (void)last, (void)out;
    flood();
}

long long map_reduce(map_fn f, long long first, long long last)
{
    (void)f, (void)first, (void)last;
    flood();
    return 0;
}
