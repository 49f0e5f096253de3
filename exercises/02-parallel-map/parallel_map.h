/*
 * parallel_map.h - the API of exercise 02 (do not edit: the tests use it).
 *
 * Python's   result = pool.map(square, range(first, last + 1))
 * becomes    parallel_map(square, first, last, result);
 * and        total = reduce(add, pool.map(square, r))
 * becomes    total = map_reduce(square, first, last);
 */
#ifndef PARALLEL_MAP_H
#define PARALLEL_MAP_H

/* The function handed to the map, like `square` in the tutorial. */
typedef long long (*map_fn)(long long x);

/*
 * Fill out[i] with f(first + i) for every x from first to last, both included
 * (out has last - first + 1 slots; nothing happens when last < first).
 * The calls must be shared among the threads of the current team with one
 * `#pragma omp parallel for` and its default schedule.
 */
void parallel_map(map_fn f, long long first, long long last, long long *out);

/*
 * Return the sum of f(x) for every x from first to last, both included
 * (0 when last < first), in a single parallel loop that uses
 * reduction(+:total). The sum must be exact up to LLONG_MAX.
 */
long long map_reduce(map_fn f, long long first, long long last);

#endif
