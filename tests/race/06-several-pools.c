/*
 * Race driver for exercise 06 (see cmake/Race.cmake): built with
 * -fsanitize=thread and run by ./workbook race 06 as `driver THREADS`.
 * A thread reading a mirror value that another thread wrote, with no
 * barrier between them, is reported whichever of the two came first.
 */
#include "pools.h"
#include "driver.h"

#include <omp.h>

#define ITEMS 600

static long long cube(long long x)
{
    return x * x * x;
}

int main(int argc, char **argv)
{
    race_driver_team(argc, argv);

    /* Room past the end for a loop that runs one item too far. */
    static long long in[ITEMS + 8], a[ITEMS + 8], b[ITEMS + 8];
    for (long i = 0; i < ITEMS; i++)
        in[i] = i + 1;
    square_then_cube(race_square, cube, in, a, b, ITEMS);
    map_then_mirror(race_square, ITEMS, a, b);
    return 0;
}
