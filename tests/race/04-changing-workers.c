/*
 * Race driver for exercise 04 (see cmake/Race.cmake): built with
 * -fsanitize=thread and run by ./workbook race 04 as `driver THREADS`.
 * Each schedule gets its own loop in the exercise, so each is run once.
 */
#include "schedules.h"
#include "driver.h"

#include <omp.h>

#define ITEMS 400

/* Does nothing: the driver itself must never race. */
static void work(long item)
{
    (void)item;
}

int main(int argc, char **argv)
{
    int threads = race_driver_team(argc, argv);

    /* Room past the end for a loop that runs one item too far. */
    static int owner[ITEMS + 8];
    const enum schedule_kind kinds[] = {SCHEDULE_STATIC, SCHEDULE_STATIC_CHUNKED,
                                        SCHEDULE_DYNAMIC, SCHEDULE_GUIDED};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        run_with_schedule(work, ITEMS, threads, kinds[k], 7, owner);
    (void)pool_chunksize(ITEMS, threads);
    return 0;
}
