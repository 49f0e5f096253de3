/*
 * pools.h - the API of exercise 06 (do not edit: the tests use it).
 *
 * The tutorial's pool.py maps square with one pool, then cube with a second:
 *     square_then_cube(square, cube, in, squares, cubes, n);
 * and one team that runs two loops, the second reading what the first wrote:
 *     map_then_mirror(f, n, values, sums);
 *
 * Besides its results, every function here is graded on how it gets them:
 * no data race (ThreadSanitizer watches it at 2, 3 and 4 threads), no
 * access outside the arrays it is given and nothing left allocated when it
 * returns (AddressSanitizer and LeakSanitizer watch it). Your file defines
 * only the functions below (make any helper of yours `static`) and calls
 * only OpenMP and the C library's string, number, allocation, maths, time
 * and printing functions: anything else is refused before it runs.
 */
#ifndef POOLS_H
#define POOLS_H

/* The function handed to a map, like `square` or `cube` in the tutorial. */
typedef long long (*map_fn)(long long x);

/*
 * Two parallel loops one after the other, like two pools one after the other:
 * first squares[i] = square(in[i]) for every i in 0..n-1, then
 * cubes[i] = cube(in[i]) for every i in 0..n-1. Each loop shares its items
 * among the threads of a team of the current size (omp_set_num_threads),
 * whatever n is.
 */
void square_then_cube(map_fn square, map_fn cube, const long long *in,
                      long long *squares, long long *cubes, long n);

/*
 * One parallel region with two loops shared among its team:
 *   loop 1: values[i] = f(i)                          for every i in 0..n-1
 *   loop 2: sums[i] = values[i] + values[n - 1 - i]   for every i in 0..n-1
 * Loop 2 reads the mirror item values[n - 1 - i], which another thread may
 * have written, so no thread may start loop 2 before every thread has
 * finished loop 1.
 */
void map_then_mirror(map_fn f, long n, long long *values, long long *sums);

#endif
