/*
 * Race driver for exercise 02 (see cmake/Race.cmake): built with
 * -fsanitize=thread and run by ./workbook race 02 as `driver THREADS`.
 * ThreadSanitizer needs no lucky timing: two threads touching one
 * variable with nothing ordering them is reported, so a few hundred
 * items, enough for every thread to get some, find a race every run.
 */
#include "parallel_map.h"
#include "driver.h"

#include <omp.h>

#define ITEMS 600

int main(int argc, char **argv)
{
    race_driver_team(argc, argv);

    /* Room past the end: a wrong loop that runs one item too far writes
     * there instead of into the heap, and a crash would hide the races. */
    static long long out[ITEMS + 8];
    parallel_map(race_square, 1, ITEMS, out);
    (void)map_reduce(race_square, 1, ITEMS);
    (void)map_reduce(race_square, 1, 0);
    return 0;
}
