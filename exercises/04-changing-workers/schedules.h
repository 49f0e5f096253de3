/*
 * schedules.h - the API of exercise 04 (do not edit: the tests use it).
 *
 * The tutorial asks: how is the work divided as you change the number of
 * workers? In OpenMP the answer is the loop's schedule clause. Here you
 * run one loop under each schedule, with a team size chosen by the caller,
 * and report which thread handled each item.
 *
 * Besides its results, every function here is graded on how it gets them:
 * no data race (ThreadSanitizer watches it at 2, 3 and 4 threads), no
 * access outside the arrays it is given and nothing left allocated when it
 * returns (AddressSanitizer and LeakSanitizer watch it). Your file defines
 * only the functions below (make any helper of yours `static`) and calls
 * only OpenMP and the C library's string, number, allocation, maths, time
 * and printing functions: anything else is refused before it runs.
 */
#ifndef SCHEDULES_H
#define SCHEDULES_H

/* Which schedule clause the loop uses. */
enum schedule_kind {
    SCHEDULE_STATIC,          /* schedule(static): one block per thread     */
    SCHEDULE_STATIC_CHUNKED,  /* schedule(static, chunk): dealt in turn     */
    SCHEDULE_DYNAMIC,         /* schedule(dynamic, chunk): on demand        */
    SCHEDULE_GUIDED           /* schedule(guided, chunk): shrinking chunks  */
};

/* The work done for one item, like `square` in the tutorial. */
typedef void (*item_fn)(long item);

/*
 * Call f(i) once for every i from 0 to n - 1 (nothing when n is 0), in one
 * parallel loop run by a team of exactly `threads` threads, under the
 * schedule `kind`. `chunk` (at least 1) is the chunk size of
 * SCHEDULE_STATIC_CHUNKED, SCHEDULE_DYNAMIC and SCHEDULE_GUIDED; plain
 * SCHEDULE_STATIC ignores it. Set owner[i] to the number of the thread that
 * called f(i) (omp_get_thread_num()).
 *
 * The team size applies to this loop only: the caller's default team size
 * (omp_get_max_threads()) must be the same after the call as before.
 */
void run_with_schedule(item_fn f, long n, int threads, enum schedule_kind kind,
                       int chunk, int *owner);

/*
 * The chunk size Python's Pool.map picks when it is given none: the items
 * cut into about four chunks per worker, rounded up, that is
 * ceil(n / (4 * workers)). 0 when n is 0. n >= 0, workers >= 1, and the
 * answer is exact for every such n, LONG_MAX too (integer arithmetic that
 * cannot overflow: no double, no n + per - 1).
 */
long pool_chunksize(long n, int workers);

#endif
