/*
 * Race driver for exercise 07 (see cmake/Race.cmake): built with
 * -fsanitize=thread and run by ./workbook race 07 as `driver THREADS`.
 * ThreadSanitizer reports two unordered accesses to one variable whatever
 * their timing, so short loops suffice; best_item runs twice, once where
 * nearly every item is a new best and once where few are, so that both
 * the comparison and the update of the shared pair run in every thread.
 */
#include "races.h"
#include "driver.h"

#include <omp.h>

#define ITEMS 600

/* Pure functions, so that the driver itself never races. */
static long long falling(long long x)
{
    return -x;
}

static int three_bins(long i)
{
    return (int)(i % 3);
}

int main(int argc, char **argv)
{
    race_driver_team(argc, argv);

    (void)sum_reduction(race_square, 1, ITEMS);
    /* Room past the last bin for a loop that counts one bin too far. */
    long counts[3 + 8] = {0};
    histogram(three_bins, ITEMS, 3, counts);
    (void)best_item(race_square, 1, ITEMS);
    (void)best_item(falling, 1, ITEMS);
    return 0;
}
