/*
 * Race driver for exercise 03 (see cmake/Race.cmake): built with
 * -fsanitize=thread and run by ./workbook race 03 as `driver THREADS`.
 * A thread number kept in a variable the team shares is written by every
 * thread: ThreadSanitizer reports it however the threads are timed.
 */
#include "trace.h"
#include "driver.h"

#include <omp.h>

#define ITEMS 600

int main(int argc, char **argv)
{
    race_driver_team(argc, argv);

    /* Room past the end for a loop that runs one item too far. */
    static struct trace_entry log[ITEMS + 8];
    traced_map(race_square, 1, ITEMS, log);

    /* format_trace_line runs in every thread at once, each with its own
     * buffer, as a program printing its log in parallel would. */
    #pragma omp parallel for
    for (int i = 0; i < ITEMS; i += 50) {
        char line[64];
        (void)format_trace_line(&log[i], line, sizeof line);
    }
    return 0;
}
