/*
 * Race driver for exercise 01 (see cmake/Race.cmake): built with
 * -fsanitize=thread and run by ./workbook race 01 as `driver THREADS`.
 * It calls every function of workers.h in teams of THREADS threads, so
 * that ThreadSanitizer sees any write two threads make to one variable.
 */
#include "workers.h"
#include "driver.h"

#include <omp.h>

int main(int argc, char **argv)
{
    race_driver_team(argc, argv);

    /* From the main thread: default_team_size starts a team of `threads`,
     * and a size stored by every thread of it, not by one, is a race. */
    char line[64];
    (void)cores_available();
    (void)default_team_size();
    describe_cores(line, sizeof line);
    describe_cores(line, 8);

    /* From inside a team, as the graded tests also call it: each thread
     * asks at once, each with a buffer of its own. */
    #pragma omp parallel
    {
        char mine[64];
        (void)default_team_size();
        describe_cores(mine, sizeof mine);
    }
    return 0;
}
