/*
 * Race driver for exercise 08 (see cmake/Race.cmake): built with
 * -fsanitize=thread and run by ./workbook race 08 as `driver THREADS`.
 * It calls every function of the API: map_sum once below the break-even
 * and once above it (where the team shares the sum), and tally with more
 * items than threads, so that every thread adds its partial into the total.
 */
#include "perf.h"
#include "driver.h"

#include <omp.h>

#define MAX_TEAM 64

static double ticks;

/* A clock that moves by one "second" per reading: the driver itself never
 * races (measure runs on the calling thread only). */
static double counting_clock(void)
{
    return ticks += 1.0;
}

static void no_work(void *arg)
{
    (void)arg;
}

/* Adds to the calling thread's own partial only. */
static void add_item(long i, long long *partial)
{
    *partial += i;
}

int main(int argc, char **argv)
{
    race_driver_team(argc, argv);

    (void)measure(no_work, 0, 5, counting_clock);
    (void)map_sum(race_square, 1, 100);
    (void)map_sum(race_square, 1, PERF_BREAK_EVEN + 600);
    long long per_thread[MAX_TEAM + 8];
    (void)tally(600, add_item, per_thread);
    return 0;
}
