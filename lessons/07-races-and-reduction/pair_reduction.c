/*
 * pair_reduction.c - the best pair of top_pair.c, without any critical.
 *
 * A pair that must change together is two variables, and `atomic` or a
 * built-in reduction handle one. Two ways to make the pair one thing:
 *
 *   packed key        squeeze the pair into one 64-bit number that compares
 *                     the way the pairs do: the value in the high 32 bits,
 *                     and below it 2^32 - 1 - x, so that of two equal
 *                     values the smaller x gives the larger key. Then the
 *                     best pair is simply the largest key, and
 *                     reduction(max:key) finds it. (This works while the
 *                     value and x each fit in 32 bits.)
 *   declare reduction tell OpenMP how to combine two pairs, and what a
 *                     thread's pair starts as; then reduction(best_of:...)
 *                     works on the struct as reduction(+:...) works on a
 *                     sum. No packing, no limit on the sizes.
 *
 * Both give every thread a private best, merged at the end: the "best per
 * thread" of top_pair.c, written by OpenMP instead of by hand.
 *
 * Run it:    ./workbook run 07 pair_reduction -t 4
 */
#include <errno.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_N 100000000LL    /* below 2^32, so that x fits in the key */

static long long last_three_digits_of_square(long long x)
{
    return x * x % 1000;
}

/* Called through a volatile pointer, so that the compiler keeps the loops
 * as written (see racy_sum.c). */
static long long (*volatile score)(long long) = last_three_digits_of_square;

/* --- The packed key. ---------------------------------------------------- */

static uint64_t pack(long long value, long long x)
{
    return (uint64_t)value << 32 | (UINT32_MAX - (uint64_t)x);
}

static long long value_of(uint64_t key)
{
    return (long long)(key >> 32);
}

static long long x_of(uint64_t key)
{
    return (long long)(UINT32_MAX - (key & UINT32_MAX));
}

/* --- The declared reduction. -------------------------------------------- */

struct best {
    long long value, x;
};

/* The better of two pairs: larger value, or the same value and smaller x. */
static struct best better(struct best a, struct best b)
{
    return b.value > a.value || (b.value == a.value && b.x < a.x) ? b : a;
}

/* omp_out and omp_in are two partial results; omp_priv is what a thread's
 * private copy starts as: a pair that any real pair beats. */
#pragma omp declare reduction(best_of : struct best : omp_out = better(omp_out, omp_in)) \
    initializer(omp_priv = (struct best){-1, 0})

int main(int argc, char **argv)
{
    long long n = 1000000;
    if (argc > 1) {
        char *end;
        errno = 0;
        n = strtoll(argv[1], &end, 10);
        if (errno || end == argv[1] || *end != '\0' || n < 1 || n > MAX_N) {
            fprintf(stderr, "pair_reduction: N must be a whole number from 1 to %lld, not "
                    "\"%s\".\n", MAX_N, argv[1]);
            return 2;
        }
    }
    int threads = 1;
    #pragma omp parallel default(none) shared(threads)
    {
        #pragma omp single
        threads = omp_get_num_threads();
    }

    /* One thread: the reference answer. */
    struct best serial = {-1, 0};
    for (long long x = 1; x <= n; x++)
        serial = better(serial, (struct best){score(x), x});

    uint64_t key = 0;    /* below every real key */
    #pragma omp parallel for default(none) shared(score, n) reduction(max:key)
    for (long long x = 1; x <= n; x++) {
        uint64_t mine = pack(score(x), x);
        if (mine > key)
            key = mine;
    }

    struct best found = {-1, 0};
    #pragma omp parallel for default(none) shared(score, n) reduction(best_of:found)
    for (long long x = 1; x <= n; x++)
        found = better(found, (struct best){score(x), x});

    printf("Largest last three digits of x*x for x = 1 to %lld, with %d thread%s\n",
           n, threads, threads == 1 ? "" : "s");
    printf("%-18s %4lld at x = %lld\n", "serial", serial.value, serial.x);
    printf("%-18s %4lld at x = %lld  %s\n", "packed key, max", value_of(key), x_of(key),
           value_of(key) == serial.value && x_of(key) == serial.x ? "right" : "WRONG");
    printf("%-18s %4lld at x = %lld  %s\n", "declare reduction", found.value, found.x,
           found.value == serial.value && found.x == serial.x ? "right" : "WRONG");
    return 0;
}
