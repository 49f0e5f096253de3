/*
 * Wrong program: no reduction at all: every thread updates the one
 * summary declared before the loop. Two threads that update it at the same
 * instant lose a count, part of the sum, or a new min or max (a data race).
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

struct summary summarize(value_fn value, long n)
{
    struct summary s = {0, 0, LLONG_MAX, LLONG_MIN, SUMMARY_NO_ITEM, SUMMARY_NO_ITEM};
    #pragma omp parallel for default(none) shared(value, n, s)
    for (long i = 0; i < n; i++) {
        long long v = value(i);
        s.count++;
        s.sum += v;
        if (v < s.min) {
            s.min = v;
            s.min_at = i;
        }
        if (v > s.max) {
            s.max = v;
            s.max_at = i;
        }
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
