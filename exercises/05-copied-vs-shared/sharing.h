/*
 * sharing.h - the API of exercise 05 (do not edit: the tests use it).
 *
 * Part 1 uses the process pool of lessons/05-copied-vs-shared/fork_pool.h:
 * workers made by fork() get a COPY of memory. Part 2 uses OpenMP threads,
 * which SHARE memory unless a data-sharing clause gives each thread a copy.
 *
 * Besides its results, every function here is graded on how it gets them:
 * no data race (ThreadSanitizer watches it at 2, 3 and 4 threads), no
 * access outside the arrays it is given and nothing left allocated when it
 * returns (AddressSanitizer and LeakSanitizer watch it). Your file defines
 * only the functions below (make any helper of yours `static`) and calls
 * only OpenMP and the C library's string, number, allocation, maths, time
 * and printing functions, fork(), getpid(), wait() and waitpid(), and the
 * pool of lessons/05-copied-vs-shared/fork_pool.h: anything else is refused
 * before it runs.
 */
#ifndef SHARING_H
#define SHARING_H

#include "fork_pool.h"

/*
 * Part 1 - the C version of the tutorial's broken_pool.py.
 *
 * squares[i] = in[i] * in[i] and cubes[i] = in[i] * in[i] * in[i] for i in
 * 0..n-1, both computed by the worker processes of a fork_pool with
 * `workers` workers (two pool_map() calls: one with a "square" task, one
 * with a "cube" task, both registered with register_task()). Every pool
 * started must be stopped before returning. Returns 0 on success, or the
 * error pool_map() returned.
 */
int squares_and_cubes(const long *in, long *squares, long *cubes, int n, int workers);

/*
 * Part 2 - firstprivate: a copy taken when the team starts.
 *
 * One parallel loop over i = 0..n-1 with `threads` threads and
 * schedule(static). Each thread has its own counter, which starts at
 * `start` and goes up by one for every item the thread handles; out[i] is
 * that thread's counter just after it went up for item i. So the first
 * item of each thread's block gets start + 1, the next start + 2, ...
 */
void running_counts(long start, long n, int threads, long *out);

/*
 * Part 3 - lastprivate: the value from the last iteration, kept.
 *
 * One parallel loop over i = 0..n-1 with `threads` threads and
 * schedule(static), whose body is
 *       last = f(in[i]);
 *       out[i] = last;
 * with `last` a variable that starts at 0. Returns the value `last` has
 * after the loop, the same as a serial loop would leave: f(in[n - 1]).
 * n is at least 1. f is called exactly once per item.
 */
long map_keep_last(task_fn f, const long *in, long *out, long n, int threads);

#endif
