/*
 * perf.h - the API of exercise 08 (do not edit: the tests use it).
 *
 * Three pieces of a performance lab:
 *
 *   measure    timing that can be trusted: a warm-up, repeated runs, the
 *              median and the spread
 *   map_sum    a parallel map-and-sum that starts a team only when the
 *              range is long enough to pay for it (the `if` clause)
 *   tally      per-thread partial results that never share a cache line
 *
 * A grader may run on one CPU, beside other programs, where a time means
 * nothing: so nothing here is graded on how fast it runs. Each function
 * is graded on what it computes and on what it does that makes parallel
 * code fast, seen from outside: the tests hand it a clock of their own,
 * and functions that record which thread calls them and with what address.
 *
 * Besides, every function here is graded on how it gets its results: no
 * data race (ThreadSanitizer watches it at 2, 3 and 4 threads), no access
 * outside the arrays it is given and nothing left allocated when it
 * returns (AddressSanitizer and LeakSanitizer watch it). Your file defines
 * only the functions below (make any helper of yours `static`) and calls
 * only OpenMP and the C library's string, number, allocation, maths, time
 * and printing functions: anything else is refused before it runs.
 */
#ifndef PERF_H
#define PERF_H

/*
 * The number of items from which map_sum starts a team: below it, waking
 * the team costs more than the team saves. lessons/08's break_even
 * measures this break-even for a map as cheap as a square, with 2 threads
 * on 2 CPUs: between 500 and 2000 items in most runs, with gcc's runtime
 * and with clang's, and up to between 2000 and 5000 in some. 5000 is on
 * the safe side of every run there.
 */
#define PERF_BREAK_EVEN 5000

/* The size of a cache line, in bytes, on the machines the workbook
 * targets (x86-64 and most ARM cores; `getconf LEVEL1_DCACHE_LINESIZE`). */
#define PERF_CACHE_LINE 64

/* --- measure ---------------------------------------------------------------- */

/* What is timed: one run of some work, with its argument. */
typedef void (*work_fn)(void *arg);

/* A clock: seconds since some fixed moment (omp_get_wtime, in real use). */
typedef double (*clock_fn)(void);

/* The summary of `repeat` timed runs, in seconds. */
struct timing {
    double median;
    double min;
    double max;
};

/*
 * Time work(arg) the way lessons/08 does: call it once as a warm-up, NOT
 * timed, then `repeat` more times (1 <= repeat <= 1000), one after the
 * other, each timed alone: its time is now() read after it minus now()
 * read before it (reading now() once between two runs, for both, is fine).
 * Read the time only through now(). Return the median of the `repeat`
 * times (the middle one once they are sorted; for an even number of runs,
 * the mean of the two middle ones), the smallest and the largest.
 */
struct timing measure(work_fn work, void *arg, int repeat, clock_fn now);

/* --- map_sum ---------------------------------------------------------------- */

/* A function of one item, like `square` in the lessons. */
typedef long long (*map_fn)(long long x);

/*
 * Return the sum of f(x) for every x from first to last, both included
 * (0 when last < first; first and last may be any long long values from
 * LLONG_MIN / 2 to LLONG_MAX / 2, past INT_MAX too).
 *
 * With PERF_BREAK_EVEN items or more, the items are shared by every thread
 * of the current team in one parallel loop, each thread handling some of
 * them (schedule(static), the default of gcc's and clang's runtimes, does
 * that) and adding into a partial sum of its own (reduction(+:...)); f's
 * calls run at the same time on several threads, none waiting for
 * another's to end (no critical section or lock around f). With fewer
 * items, the whole loop runs on the calling thread alone, with no team
 * started: an `if(...)` clause on the parallel loop does exactly that.
 */
long long map_sum(map_fn f, long long first, long long last);

/* --- tally ------------------------------------------------------------------ */

/* One step of a tally: add what item i contributes to *partial, the
 * calling thread's own partial result. */
typedef void (*tally_fn)(long i, long long *partial);

/*
 * Hand every i from 0 to n - 1 (n >= 0) to step exactly once, sharing the
 * items among every thread of the current team in a parallel loop: with
 * at least as many items as threads, each thread handles some of them
 * (schedule(static), the default, does that). Each thread has ONE
 * partial result of its own, which starts at 0 in every call of tally,
 * and passes its address to every call of step it makes.
 * No two threads' partials lie in the same cache line: the addresses of
 * any two threads' partials, divided by PERF_CACHE_LINE, differ (partials
 * side by side in an array of long long do not; see lessons/08's counters).
 *
 * When the loop is over, store thread t's partial in per_thread[t] for
 * every thread t of the team (0 for a thread that had no item; per_thread
 * has room for omp_get_max_threads() values, and nothing is written past
 * the team), and return the sum of all the partials.
 */
long long tally(long n, tally_fn step, long long *per_thread);

#endif
