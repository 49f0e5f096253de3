/*
 * summary.c - a reduction whose result is a struct.
 *
 * reduction(+:x) works for numbers. For anything else, tell OpenMP two
 * things with `#pragma omp declare reduction`:
 *
 *   the combiner     how two partial results become one: omp_out is the
 *                    partial kept so far, omp_in the one that comes in,
 *                    and the combined result goes into omp_out;
 *   the identity     what each thread's private copy, omp_priv, starts as:
 *                    a partial that changes nothing when it is combined,
 *                    the "summary of nothing".
 *
 * Here the struct is a summary of readings: how many, their sum, the
 * lowest and the highest and the first reading that gave each. A wrong
 * identity shows at the end: a max that starts at 0 is fine as long as
 * some reading is above 0, and wrong for a winter of frosts.
 *
 * Run it:    ./workbook run 10 summary -t 4
 */
#include <errno.h>
#include <limits.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_N 100000000L
#define NO_READING LONG_MAX     /* larger than every real index: loses every tie */

struct summary {
    long count;
    long long sum;
    long long min, max;
    long min_at, max_at;        /* the FIRST reading with that value */
};

/* Readings from -30 to 30 all year long; from -40 to -1 in winter. */
static long long year(long i)
{
    return (long long)((unsigned long)i * 7919UL % 61UL) - 30;
}

static long long winter(long i)
{
    return -1 - (long long)((unsigned long)i * 7919UL % 40UL);
}

/* Called through a volatile pointer, so that the compiler keeps the loop
 * as written (lesson 07). */
static long long (*volatile reading)(long i) = year;

/* Two summaries made one: counts and sums add up; the lower min and the
 * higher max win, and for equal values the smaller index. */
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

#define NOTHING {0, 0, LLONG_MAX, LLONG_MIN, NO_READING, NO_READING}

#pragma omp declare reduction(summary_of : struct summary : omp_out = combine(omp_out, omp_in)) \
    initializer(omp_priv = (struct summary)NOTHING)

/* The same combiner with a wrong identity: the max starts at 0. */
#pragma omp declare reduction(max_from_0 : struct summary : omp_out = combine(omp_out, omp_in)) \
    initializer(omp_priv = (struct summary){0, 0, LLONG_MAX, 0, NO_READING, NO_READING})

static struct summary one(long i)
{
    long long v = reading(i);
    return (struct summary){1, v, v, v, i, i};
}

static void show(const char *label, struct summary s, const struct summary *want)
{
    char lowest[40], highest[40];
    snprintf(lowest, sizeof lowest, "%lld at %ld", s.min, s.min_at == NO_READING ? -1 : s.min_at);
    snprintf(highest, sizeof highest, "%lld at %ld", s.max, s.max_at == NO_READING ? -1 : s.max_at);
    printf("%-18s %9ld %11lld  %-15s  %s", label, s.count, s.sum, lowest, highest);
    if (want)
        printf("  %s", s.count == want->count && s.sum == want->sum && s.min == want->min &&
                       s.max == want->max && s.min_at == want->min_at &&
                       s.max_at == want->max_at ? "right" : "WRONG");
    printf("\n");
}

int main(int argc, char **argv)
{
    long n = 1000000;
    if (argc > 1) {
        char *end;
        errno = 0;
        n = strtol(argv[1], &end, 10);
        if (errno || end == argv[1] || *end != '\0' || n < 1 || n > MAX_N) {
            fprintf(stderr, "summary: N must be a whole number from 1 to %ld, not \"%s\".\n",
                    MAX_N, argv[1]);
            return 2;
        }
    }
    printf("A summary of %ld readings with %d thread%s (-1: no reading)\n", n,
           omp_get_max_threads(), omp_get_max_threads() == 1 ? "" : "s");
    printf("%-18s %9s %11s  %-15s  %s\n", "", "count", "sum", "lowest", "highest");
    for (int season = 0; season < 2; season++) {
        reading = season ? winter : year;
        const char *name = season ? "winter" : "year";

        struct summary serial = NOTHING;
        for (long i = 0; i < n; i++)
            serial = combine(serial, one(i));

        struct summary s = NOTHING;
        #pragma omp parallel for default(none) shared(n) reduction(summary_of:s)
        for (long i = 0; i < n; i++)
            s = combine(s, one(i));

        struct summary from_0 = NOTHING;
        #pragma omp parallel for default(none) shared(n) reduction(max_from_0:from_0)
        for (long i = 0; i < n; i++)
            from_0 = combine(from_0, one(i));

        char label[32];
        snprintf(label, sizeof label, "%s, serial", name);
        show(label, serial, NULL);
        snprintf(label, sizeof label, "%s, reduction", name);
        show(label, s, &serial);
        snprintf(label, sizeof label, "%s, max from 0", name);
        show(label, from_0, &serial);
    }
    return 0;
}
