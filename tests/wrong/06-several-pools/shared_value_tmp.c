/*
 * Wrong program: in map_then_mirror the student declares `long long v;`
 * at the top of the function, before `#pragma omp parallel`, as a scratch
 * variable in loop 1 (v = f(i); values[i] = v;). Declared outside the
 * region, v is shared by the whole team: between one thread's store and
 * read another thread can store its own f(i) there (a data race), and
 * values[i] then holds another item's value. The store and the read follow
 * each other at once (f's pauses are before), so the tests never see it.
 * expect-fail: no_data_race
 * expect-race: yes
 */
#include "pools.h"

#include <omp.h>

void square_then_cube(map_fn square, map_fn cube, const long long *in,
                      long long *squares, long long *cubes, long n)
{
    #pragma omp parallel for
    for (long i = 0; i < n; i++)
        squares[i] = square(in[i]);

    #pragma omp parallel for
    for (long i = 0; i < n; i++)
        cubes[i] = cube(in[i]);
}

void map_then_mirror(map_fn f, long n, long long *values, long long *sums)
{
    long long v;
    #pragma omp parallel
    {
        #pragma omp for
        for (long i = 0; i < n; i++) {
            v = f(i);
            values[i] = v;
        }

        #pragma omp for
        for (long i = 0; i < n; i++)
            sums[i] = values[i] + values[n - 1 - i];
    }
}
