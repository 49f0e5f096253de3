/*
 * parallel_map.h - the API of exercise 02 (do not edit: the tests use it).
 *
 * Python's   result = pool.map(square, range(first, last + 1))
 * becomes    parallel_map(square, first, last, result);
 * and        total = reduce(add, pool.map(square, r))
 * becomes    total = map_reduce(square, first, last);
 *
 * Besides its results, every function here is graded on how it gets them:
 * no data race (ThreadSanitizer watches it at 2, 3 and 4 threads), no
 * access outside the arrays it is given and nothing left allocated when it
 * returns (AddressSanitizer and LeakSanitizer watch it). Your file defines
 * only the functions below (make any helper of yours `static`) and calls
 * only OpenMP and the C library's string, number, allocation, maths, time
 * and printing functions: anything else is refused before it runs.
 */
#ifndef PARALLEL_MAP_H
#define PARALLEL_MAP_H

/* The function handed to the map, like `square` in the tutorial. */
typedef long long (*map_fn)(long long x);

/*
 * Fill out[i] with f(first + i) for every x from first to last, both included
 * (out has last - first + 1 slots; nothing happens when last < first).
 * first and last may be any long long values, past INT_MAX too.
 * The calls must be shared among the threads of the current team (the size
 * omp_set_num_threads asked for, whatever the number of items) with one
 * `#pragma omp parallel for` and its default schedule. With gcc and clang
 * that gives each thread one contiguous block of items, in thread order,
 * the sizes differing by at most one, and the tests check that split
 * (the OpenMP standard leaves the default schedule to each compiler; an
 * explicit schedule(static) promises one block per thread in thread order,
 * but leaves the exact sizes to the runtime).
 */
void parallel_map(map_fn f, long long first, long long last, long long *out);

/*
 * Return the sum of f(x) for every x from first to last, both included
 * (0 when last < first; any long long values, past INT_MAX too), in a
 * single parallel loop that uses reduction(+:total) and whose items are
 * shared by every thread of the current team, whatever the number of
 * items. The sum must be exact up to LLONG_MAX.
 */
long long map_reduce(map_fn f, long long first, long long last);

#endif
