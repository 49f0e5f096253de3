/*
 * driver.h - what every race driver (tests/race/NN-slug.c) shares.
 */
#ifndef RACE_DRIVER_H
#define RACE_DRIVER_H

#include <omp.h>
#include <stdlib.h>

/* The team size asked for on the command line (default 2), set for every
 * region that follows, with no dynamic shrinking: a run races at exactly
 * that size. */
static inline int race_driver_team(int argc, char **argv)
{
    int threads = argc > 1 ? atoi(argv[1]) : 2;
    if (threads < 1)
        threads = 1;
    omp_set_dynamic(0);
    omp_set_num_threads(threads);
    return threads;
}

/* Pure, so that the driver itself never races. */
static inline long long race_square(long long x)
{
    return x * x;
}

#endif
