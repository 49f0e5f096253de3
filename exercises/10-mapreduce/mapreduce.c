/*
 * Exercise 10 - two maps at once, and reductions over structs.
 *
 * Read lessons/10-mapreduce/README.md first. Then replace each TODO below,
 * and check your work with:   ./workbook check 10
 */
#include "mapreduce.h"

#include <omp.h>

struct two_sums map_reduce_two(pair_fn f, pair_fn g, const long long *a,
                               const long long *b, long n)
{
    long long first = 0, second = 0;
    /* TODO: one parallel region, reduction(+:first, second), holding two
     * loops over i from 0 to n - 1: `#pragma omp for nowait` over
     * first += f(a[i], b[i]), then `#pragma omp for nowait` over
     * second += g(a[i], b[i]). nowait lets a thread that is done with f
     * start on g at once (the lesson's nowait_maps). Read the sums only
     * after the region: its end is the barrier where every part is in. */
    (void)f;
    (void)g;
    (void)a;
    (void)b;
    (void)n;
    return (struct two_sums){first, second};
}

/* TODO: a static function that combines two partial summaries: add the
 * counts and the sums, and keep the smaller min (the larger max) with its
 * index; when the two values are equal, keep the smaller index. Then
 * declare the reduction, with the identity of mapreduce.h as initializer
 * (the lesson's summary.c shows the shape):
 *
 *   #pragma omp declare reduction(NAME : struct summary : omp_out = ...) \
 *       initializer(omp_priv = ...)
 */

struct summary summarize(value_fn value, long n)
{
    struct summary s = {0, 0, LLONG_MAX, LLONG_MIN, SUMMARY_NO_ITEM, SUMMARY_NO_ITEM};
    /* TODO: a parallel loop over i from 0 to n - 1 with reduction(NAME:s):
     * each item is a summary of one value, {1, v, v, v, i, i}, combined
     * into the thread's own s with the same function as the partials. */
    (void)value;
    (void)n;
    return s;
}

struct key_counts count_keys(key_fn key, long n)
{
    struct key_counts counts = {{0}};
    /* TODO: a parallel loop over i from 0 to n - 1 doing
     * counts.count[key(i)]++, with a reduction declared for struct
     * key_counts: its combiner adds every count of omp_in into omp_out,
     * its initializer is a struct of zeros (the lesson's word_count.c). */
    (void)key;
    (void)n;
    return counts;
}
