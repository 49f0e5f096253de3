/*
 * top_pair.c - two shared variables that must change together.
 *
 * Which x from 1 to N gives the largest last three digits of x*x? The
 * answer is a pair: the best value and the x that gave it, and on a tie the
 * smaller x wins. Updating the pair is "compare with the best, then write
 * both variables", and all of it must happen as one step:
 *
 *   - atomic cannot do it: it protects one update of one variable;
 *   - without protection, two threads can both compare with the same old
 *     best and both write; the later write wins even if it is worse, or the
 *     pair ends up with the value of one update and the x of the other.
 *
 * `#pragma omp critical` runs a whole block one thread at a time, so it
 * can. Two ways to use it:
 *
 *   critical per item  every item enters the critical section: right, but
 *                      the threads queue for it a million times
 *   best per thread    each thread finds the best of its own items with no
 *                      sharing, then enters the critical section once to
 *                      merge its pair into the shared one: right and fast
 *                      (this is what a reduction does for you, by hand)
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

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
    long long n = argc > 1 ? atoll(argv[1]) : 1000000;
    if (n < 1) {
        fprintf(stderr, "usage: %s [N, at least 1]\n", argv[0]);
        return 2;
    }
    int threads = 1;
    #pragma omp parallel
    {
        #pragma omp single
        threads = omp_get_num_threads();
    }

    /* One thread: the reference answer. */
    double start = omp_get_wtime();
    long long serial_value = -1, serial_x = 0;
    for (long long x = 1; x <= n; x++) {
        long long value = score(x);
        if (beats(value, x, serial_value, serial_x)) {
            serial_value = value;
            serial_x = x;
        }
    }
    double serial_time = omp_get_wtime() - start;

    /* Every item goes through the critical section. */
    start = omp_get_wtime();
    long long item_value = -1, item_x = 0;
    #pragma omp parallel for
    for (long long x = 1; x <= n; x++) {
        long long value = score(x);
        #pragma omp critical
        {
            /* The comparison is inside too: outside, the best could change
             * between the comparison and the writes. */
            if (beats(value, x, item_value, item_x)) {
                item_value = value;
                item_x = x;
            }
        }
    }
    double item_time = omp_get_wtime() - start;

    /* Each thread keeps its own best, then merges it once. */
    start = omp_get_wtime();
    long long merged_value = -1, merged_x = 0;
    #pragma omp parallel
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
        #pragma omp critical
        {
            if (beats(my_value, my_x, merged_value, merged_x)) {
                merged_value = my_value;
                merged_x = my_x;
            }
        }
    }
    double merged_time = omp_get_wtime() - start;

    printf("Largest last three digits of x*x for x = 1 to %lld, with %d thread%s\n",
           n, threads, threads == 1 ? "" : "s");
    printf("%-18s %4lld at x = %lld\n", "serial", serial_value, serial_x);
    printf("%-18s %4lld at x = %lld  %s\n", "critical per item", item_value, item_x,
           item_value == serial_value && item_x == serial_x ? "right" : "WRONG");
    printf("%-18s %4lld at x = %lld  %s\n", "best per thread", merged_value, merged_x,
           merged_value == serial_value && merged_x == serial_x ? "right" : "WRONG");
    printf("\nTime of each version (omp_get_wtime):\n");
    printf("%-18s %9.4f s\n", "serial", serial_time);
    printf("%-18s %9.4f s\n", "critical per item", item_time);
    printf("%-18s %9.4f s\n", "best per thread", merged_time);
    return 0;
}
