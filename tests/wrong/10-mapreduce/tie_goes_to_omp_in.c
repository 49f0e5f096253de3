/*
 * Wrong program: the combiner compares with <= and >=, so that on a tie
 * the partial that comes in wins: the index then depends on the order in
 * which OpenMP combines the threads' partials, not only on the data.
 * expect-fail: summary_ties
 * expect-message: summary_ties a later equal value replaced an earlier one
 */
#include "mapreduce.h"

#include <omp.h>

struct two_sums map_reduce_two(pair_fn f, pair_fn g, const long long *a,
                               const long long *b, long n)
{
    long long first = 0, second = 0;
    #pragma omp parallel default(none) shared(f, g, a, b, n) reduction(+:first, second)
    {
        /* No barrier after f's loop: a thread that is done with its share
         * of f starts on g while the others still call f. */
        #pragma omp for nowait
        for (long i = 0; i < n; i++)
            first += f(a[i], b[i]);
        #pragma omp for nowait
        for (long i = 0; i < n; i++)
            second += g(a[i], b[i]);
    }
    /* The end of the region is the barrier: every thread's part is in. */
    return (struct two_sums){first, second};
}

/* --- summarize ---------------------------------------------------------- */

/* The better of two candidates for the minimum (and the maximum): the
 * smaller (larger) value. */
static struct summary combine(struct summary out, struct summary in)
{
    out.count += in.count;
    out.sum += in.sum;
    if (in.min <= out.min) {
        out.min = in.min;
        out.min_at = in.min_at;
    }
    if (in.max >= out.max) {
        out.max = in.max;
        out.max_at = in.max_at;
    }
    return out;
}

#pragma omp declare reduction(summary_of : struct summary : omp_out = combine(omp_out, omp_in)) \
    initializer(omp_priv = (struct summary){0, 0, LLONG_MAX, LLONG_MIN, SUMMARY_NO_ITEM, \
                                            SUMMARY_NO_ITEM})

struct summary summarize(value_fn value, long n)
{
    struct summary s = {0, 0, LLONG_MAX, LLONG_MIN, SUMMARY_NO_ITEM, SUMMARY_NO_ITEM};
    #pragma omp parallel for default(none) shared(value, n) reduction(summary_of:s)
    for (long i = 0; i < n; i++) {
        long long v = value(i);
        s = combine(s, (struct summary){1, v, v, v, i, i});
    }
    return s;
}

/* --- count_keys ---------------------------------------------------------- */

static void add_counts(struct key_counts *out, const struct key_counts *in)
{
    for (int k = 0; k < KEY_COUNT; k++)
        out->count[k] += in->count[k];
}

#pragma omp declare reduction(merge : struct key_counts : add_counts(&omp_out, &omp_in)) \
    initializer(omp_priv = (struct key_counts){{0}})

struct key_counts count_keys(key_fn key, long n)
{
    struct key_counts counts = {{0}};
    #pragma omp parallel for default(none) shared(key, n) reduction(merge:counts)
    for (long i = 0; i < n; i++)
        counts.count[key(i)]++;
    return counts;
}
