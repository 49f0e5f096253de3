/*
 * Exercise 06 - several pools, and one team with two loops.
 *
 * Read lessons/06-several-pools/README.md first. Then replace each TODO
 * below, and check your work with:   ./workbook check 06
 */
#include "pools.h"

#include <omp.h>

void square_then_cube(map_fn square, map_fn cube, const long long *in,
                      long long *squares, long long *cubes, long n)
{
    /* TODO: two loops over i from 0 to n - 1, one after the other: the
     * first stores square(in[i]) in squares[i], the second stores
     * cube(in[i]) in cubes[i]. Make each one a parallel loop, as in the
     * lesson's square_then_cube.c: two pools, one after the other. */
    (void)square;
    (void)cube;
    (void)in;
    (void)squares;
    (void)cubes;
    (void)n;
}

void map_then_mirror(map_fn f, long n, long long *values, long long *sums)
{
    /* TODO: one parallel region holding two loops shared among the team:
     *   loop 1 stores f(i) in values[i];
     *   loop 2 stores values[i] + values[n - 1 - i] in sums[i].
     * Loop 2 reads items that other threads wrote in loop 1: the lesson's
     * implicit_barrier.c shows what must stand between the two loops, and
     * what goes wrong without it. */
    (void)f;
    (void)n;
    (void)values;
    (void)sums;
}
