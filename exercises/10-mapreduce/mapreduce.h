/*
 * mapreduce.h - the API of exercise 10 (do not edit: the tests use it).
 *
 * Three map-reductions:
 *
 *   map_reduce_two   two maps over the same two arrays, run by one team at
 *                    the same time, each reduced to a sum (the tutorial's
 *                    sum of sums and sum of products, submitted together)
 *   summarize        a reduction whose result is a struct: how many values,
 *                    their sum, the smallest and the largest and where they
 *                    first occur (#pragma omp declare reduction)
 *   count_keys       a count per key, for a fixed set of keys: a histogram,
 *                    the "word count" of mapreduce
 *
 * The team is always the current one: as many threads as
 * omp_get_max_threads() says (the tests call omp_set_num_threads first).
 *
 * Besides its results, every function here is graded on how it gets them:
 * no data race (ThreadSanitizer watches it at 2, 3 and 4 threads), no
 * access outside the arrays it is given and nothing left allocated when it
 * returns (AddressSanitizer and LeakSanitizer watch it). Your file defines
 * only the functions below (make any helper of yours `static`) and calls
 * only OpenMP and the C library's string, number, allocation, maths, time
 * and printing functions: anything else is refused before it runs.
 */
#ifndef MAPREDUCE_H
#define MAPREDUCE_H

#include <limits.h>

/* --- map_reduce_two ---------------------------------------------------------- */

/* One item of a map over two arrays: f(a[i], b[i]), like the tutorial's
 * sum and product of two numbers. */
typedef long long (*pair_fn)(long long a, long long b);

struct two_sums {
    long long first;     /* the sum of f(a[i], b[i]) over every i */
    long long second;    /* the sum of g(a[i], b[i]) over every i */
};

/*
 * For every i from 0 to n - 1 (n >= 0), call f(a[i], b[i]) once and
 * g(a[i], b[i]) once, and return the two sums (0 for n == 0; the tests keep
 * every sum, and every partial sum, within a long long).
 *
 * Both maps are shared by every thread of the current team, in ONE
 * parallel region: each map is a worksharing loop over i with the default
 * (static) schedule, so that when n is at least the team's size every
 * thread calls f for some items and g for some items.
 *
 * The two maps run at the same time, as two jobs handed to one pool at
 * once: a thread that has done its share of f's loop goes straight on to
 * g's (`nowait`), while other threads may still be calling f. The tests
 * make the first call of f or g wait, up to two seconds, until a call
 * of the other function has started: two loops with a barrier between
 * them, two regions one after the other, or a critical section around a
 * map never let that happen, and fail.
 *
 * The sums must be complete when the function returns, even when one
 * thread is much slower than the others (the tests slow one down): a sum
 * may be read only after every thread has added its part, at a barrier
 * (the end of the region is one).
 */
struct two_sums map_reduce_two(pair_fn f, pair_fn g, const long long *a,
                               const long long *b, long n);

/* --- summarize --------------------------------------------------------------- */

/* The value of item i. */
typedef long long (*value_fn)(long i);

/* The index that stands for "no item": larger than every real index, so
 * that it loses every tie (see min_at and max_at). */
#define SUMMARY_NO_ITEM LONG_MAX

struct summary {
    long count;        /* how many items were summarized */
    long long sum;     /* the sum of their values */
    long long min;     /* the smallest value */
    long long max;     /* the largest value */
    long min_at;       /* the SMALLEST i whose value is min */
    long max_at;       /* the SMALLEST i whose value is max */
};

/*
 * Return the summary of value(0), value(1), ..., value(n - 1) (n >= 0),
 * calling value once for each i. For n == 0 the summary of nothing, which
 * is also the identity of the reduction, the summary every thread starts
 * from:  {0, 0, LLONG_MAX, LLONG_MIN, SUMMARY_NO_ITEM, SUMMARY_NO_ITEM}.
 *
 * The values may be any long long, all negative, or LLONG_MIN and LLONG_MAX
 * themselves (the tests keep every partial sum within a long long). When
 * several items share the smallest (or the largest) value, min_at (max_at)
 * is the smallest of their indexes: the answer is the same whatever the
 * number of threads and whatever order the partial summaries are combined
 * in. The tests slow down one thread or another, so that the threads'
 * partial summaries reach the combiner in an order of the tests' choosing.
 *
 * The items are shared by every thread of the current team, in one
 * parallel loop with the default (static) schedule, each thread
 * summarizing its items into a summary of its own; the partial summaries
 * are combined once per thread, by a reduction declared for struct summary
 * (`#pragma omp declare reduction`, with the identity above as its
 * initializer). The combiner must be associative and commutative, tie rule
 * included.
 */
struct summary summarize(value_fn value, long n);

/* --- count_keys -------------------------------------------------------------- */

/* How many keys there are: a key is a number from 0 to KEY_COUNT - 1. */
#define KEY_COUNT 16

struct key_counts {
    long count[KEY_COUNT];   /* count[k]: how many items have key k */
};

/* The key of item i: always from 0 to KEY_COUNT - 1. */
typedef int (*key_fn)(long i);

/*
 * Return, for every key k, how many i from 0 to n - 1 (n >= 0) have
 * key(i) == k, calling key once for each i. The items are shared by every
 * thread of the current team, in one parallel loop with the default
 * (static) schedule. Two threads may meet the same key at the same instant
 * (the tests make them): each thread counts into counts of its own, merged
 * when the loop ends (a reduction declared for struct key_counts, or an
 * array reduction), or each increment of a shared count is atomic.
 */
struct key_counts count_keys(key_fn key, long n);

#endif
