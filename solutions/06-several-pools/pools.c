/*
 * Exercise 06 - several pools, and one team with two loops (solution).
 */
#include "pools.h"

#include <omp.h>

void square_then_cube(map_fn square, map_fn cube, const long long *in,
                      long long *squares, long long *cubes, long n)
{
    /* The first "pool": the region ends with the loop, and every square is
     * written before the next line runs. */
    #pragma omp parallel for
    for (long i = 0; i < n; i++)
        squares[i] = square(in[i]);

    /* The second "pool": the runtime hands the same parked threads a new
     * region; nothing is forked or copied. */
    #pragma omp parallel for
    for (long i = 0; i < n; i++)
        cubes[i] = cube(in[i]);
}

void map_then_mirror(map_fn f, long n, long long *values, long long *sums)
{
    #pragma omp parallel
    {
        #pragma omp for
        for (long i = 0; i < n; i++)
            values[i] = f(i);
        /* The implicit barrier of the loop above: no thread goes on until
         * every values[i] is written and visible to all. No nowait here. */

        #pragma omp for
        for (long i = 0; i < n; i++)
            sums[i] = values[i] + values[n - 1 - i];
    }
}
