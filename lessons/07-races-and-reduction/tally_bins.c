/*
 * tally_bins.c - many threads counting into a few shared counters.
 *
 * A histogram: for x = 1..N, which digit does x*x end with? Ten counters,
 * counts[0] to counts[9], and every thread adds one to counts[digit] for
 * each of its items. Two threads that hit the same counter at the same
 * moment race exactly like the sum in racy_sum.c, so three versions:
 *
 *   no atomic  counts[digit]++ as it stands: increments can be lost
 *   atomic     `#pragma omp atomic` on the increment: each one is a single
 *              indivisible step on that one counter. Right, but not free:
 *              the ten counters sit side by side in one or two cache
 *              lines, so even threads counting different digits pass the
 *              same line back and forth (false_sharing.c measures it)
 *   reduction  reduction(+:counts[:10]): each thread counts into its own
 *              private array of ten counters, added up at the end
 *
 * Only six digits can end a square (0, 1, 4, 5, 6, 9), and four of them
 * get most of the items: plenty of collisions.
 *
 * Run it:    ./workbook run 07 tally_bins -t 4
 */
#include <errno.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_N 100000000LL

static int last_digit_of_square(long long x)
{
    return (int)(x * x % 10);
}

/* Called through a volatile pointer, so that the compiler keeps the loop
 * as written (see racy_sum.c). */
static int (*volatile digit_of)(long long) = last_digit_of_square;

/* One line of the table; with `expected`, also whether the counts are right. */
static void print_counts(const char *name, const long counts[10], const long *expected)
{
    int right = 1;
    long lost = 0;
    printf("%-10s", name);
    for (int d = 0; d < 10; d++) {
        printf(" %7ld", counts[d]);
        if (expected) {
            right = right && counts[d] == expected[d];
            lost += expected[d] - counts[d];
        }
    }
    if (!expected)
        printf("\n");
    else if (right)
        printf("  right\n");
    else
        printf("  WRONG, %ld lost\n", lost);
}

int main(int argc, char **argv)
{
    long long n = 1000000;
    if (argc > 1) {
        char *end;
        errno = 0;
        n = strtoll(argv[1], &end, 10);
        if (errno || end == argv[1] || *end != '\0' || n < 1 || n > MAX_N) {
            fprintf(stderr, "tally_bins: N must be a whole number from 1 to %lld, not "
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

    long expected[10] = {0};
    for (long long x = 1; x <= n; x++)
        expected[digit_of(x)]++;

    long racy[10] = {0};
    #pragma omp parallel for default(none) shared(racy, digit_of, n)
    for (long long x = 1; x <= n; x++)
        racy[digit_of(x)]++;

    long with_atomic[10] = {0};
    #pragma omp parallel for default(none) shared(with_atomic, digit_of, n)
    for (long long x = 1; x <= n; x++) {
        int d = digit_of(x);
        #pragma omp atomic
        with_atomic[d]++;
    }

    long reduced[10] = {0};
    #pragma omp parallel for default(none) shared(digit_of, n) reduction(+:reduced[:10])
    for (long long x = 1; x <= n; x++)
        reduced[digit_of(x)]++;

    printf("Last digit of x*x for x = 1 to %lld, counted by %d thread%s\n", n, threads,
           threads == 1 ? "" : "s");
    printf("%-10s", "digit");
    for (int d = 0; d < 10; d++)
        printf(" %7d", d);
    printf("\n");
    print_counts("expected", expected, NULL);
    print_counts("no atomic", racy, expected);
    print_counts("atomic", with_atomic, expected);
    print_counts("reduction", reduced, expected);
    return 0;
}
