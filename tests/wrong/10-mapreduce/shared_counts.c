/*
 * Wrong program: count_keys counts into one shared struct with a plain
 * counts.count[key(i)]++: two threads that meet the same key at the same
 * instant lose one of the increments (a data race).
 * expect-fail: reductions_race_free
 * expect-message: reductions_race_free a data race
 * expect-race: yes
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
 * smaller (larger) value, and for equal values the smaller index. The
 * identity's index, SUMMARY_NO_ITEM, loses every tie. */
static struct summary combine(struct summary out, struct summary in)
{
    out.count += in.count;
    out.sum += in.sum;
    if (in.min < out.min || (in.min == out.min && in.min_at < out.min_at)) {
        out.min = in.min;
        out.min_at = in.min_at;
    }
    if (in.max > out.max || (in.max == out.max && in.max_at < out.max_at)) {
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

struct key_counts count_keys(key_fn key, long n)
{
    struct key_counts counts = {{0}};
    #pragma omp parallel for default(none) shared(key, n, counts)
    for (long i = 0; i < n; i++)
        counts.count[key(i)]++;
    return counts;
}
