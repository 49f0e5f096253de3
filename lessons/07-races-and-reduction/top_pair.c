/*
 * top_pair.c - two shared variables that must change together.
 *
 * Which x from 1 to N gives the largest last three digits of x*x? The
 * answer is a pair: the best value and the x that gave it, and on a tie the
 * smaller x wins. Updating the pair is "compare with the best, then write
 * both variables", and all of it must happen as one step:
 *
 *   - atomic cannot do it as the pair stands: it protects one update of
 *     one variable (pair_reduction.c packs the pair into one variable);
 *   - without protection, two threads can both compare with the same old
 *     best and both write; the later write wins even if it is worse, or the
 *     pair ends up with the value of one update and the x of the other.
 *
 * `#pragma omp critical` runs a whole block one thread at a time, so it
 * can. Two ways to use it:
 *
 *   critical per item  every item enters the critical section: right, but
 *                      the threads queue for it N times (sum_four_ways.c
 *                      measures what that costs)
 *   best per thread    each thread finds the best of its own items with no
 *                      sharing, then enters the critical section once to
 *                      merge its pair into the shared one
 *                      (this is what a reduction does for you, by hand)
 *
 * Every `critical` without a name shares one lock with every other unnamed
 * `critical` in the whole program, even in other functions and files. A
 * name, `#pragma omp critical(best_pair)`, gives a lock of its own, so that
 * unrelated critical sections do not wait for each other.
 *
 * Run it:    ./workbook run 07 top_pair -t 4
 */
#include <errno.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_N 100000000LL

static long long last_three_digits_of_square(long long x)
{
    return x * x % 1000;
}

/* Called through a volatile pointer, so that the compiler keeps the loops
 * as written (see racy_sum.c). */
static long long (*volatile score)(long long) = last_three_digits_of_square;

/* Does (value, x) beat (best_value, best_x)? Larger value, or the same value
 * with a smaller x. */
static int beats(long long value, long long x, long long best_value, long long best_x)
{
    return value > best_value || (value == best_value && x < best_x);
}

int main(int argc, char **argv)
{
    long long n = 1000000;
    if (argc > 1) {
        char *end;
        errno = 0;
        n = strtoll(argv[1], &end, 10);
        if (errno || end == argv[1] || *end != '\0' || n < 1 || n > MAX_N) {
            fprintf(stderr, "top_pair: N must be a whole number from 1 to %lld, not "
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
    long long serial_value = -1, serial_x = 0;
    for (long long x = 1; x <= n; x++) {
        long long value = score(x);
        if (beats(value, x, serial_value, serial_x)) {
            serial_value = value;
            serial_x = x;
        }
    }

    /* Every item goes through the critical section. */
    long long item_value = -1, item_x = 0;
    #pragma omp parallel for default(none) shared(score, n, item_value, item_x)
    for (long long x = 1; x <= n; x++) {
        long long value = score(x);
        #pragma omp critical(best_pair)
        {
            /* The comparison is inside too: outside, the best could change
             * between the comparison and the writes. */
            if (beats(value, x, item_value, item_x)) {
                item_value = value;
                item_x = x;
            }
        }
    }

    /* Each thread keeps its own best, then merges it once. */
    long long merged_value = -1, merged_x = 0;
    #pragma omp parallel default(none) shared(score, n, merged_value, merged_x)
    {
        long long my_value = -1, my_x = 0;    /* private: declared inside */
        #pragma omp for
        for (long long x = 1; x <= n; x++) {
            long long value = score(x);
            if (beats(value, x, my_value, my_x)) {
                my_value = value;
                my_x = x;
            }
        }
        #pragma omp critical(best_pair)
        {
            if (beats(my_value, my_x, merged_value, merged_x)) {
                merged_value = my_value;
                merged_x = my_x;
            }
        }
    }

    printf("Largest last three digits of x*x for x = 1 to %lld, with %d thread%s\n",
           n, threads, threads == 1 ? "" : "s");
    printf("%-18s %4lld at x = %lld\n", "serial", serial_value, serial_x);
    printf("%-18s %4lld at x = %lld  %s\n", "critical per item", item_value, item_x,
           item_value == serial_value && item_x == serial_x ? "right" : "WRONG");
    printf("%-18s %4lld at x = %lld  %s\n", "best per thread", merged_value, merged_x,
           merged_value == serial_value && merged_x == serial_x ? "right" : "WRONG");
    return 0;
}
