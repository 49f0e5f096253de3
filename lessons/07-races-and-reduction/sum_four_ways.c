/*
 * sum_four_ways.c - one parallel sum: wrong, right and slow, right and fast.
 *
 * Every version adds the squares of 1..N into one total, with the same loop:
 *
 *   serial     one thread, no OpenMP: the reference answer and time
 *   no clause  the team adds into the shared total: a data race, wrong
 *   critical   `#pragma omp critical`: one thread at a time may add; right,
 *              but the threads spend their time queueing for their turn
 *   atomic     `#pragma omp atomic`: the processor makes each addition one
 *              indivisible step; right, cheaper than critical, but every
 *              addition still fights over the same variable
 *   reduction  reduction(+:sum): each thread adds into its own private sum,
 *              and the private sums are added together once, at the end;
 *              right, and as fast as the machine allows
 *
 * Timing a program honestly takes care: the first run of anything pays
 * for starting threads and filling caches, a run of a few milliseconds is
 * too short to time (one interruption is a large part of it), and one
 * measurement can be unlucky (another program wanted the CPU just then).
 * So each version first runs once on a few items (a warm-up, not timed);
 * then the versions take turns, ROUNDS rounds of one sample each, so that
 * a busy moment of the machine does not fall on one version only. A sample
 * calls the version on all N items again and again until at least
 * MIN_SAMPLE seconds have passed, and gives the time per call. The program
 * prints each version's median sample. A version that has used TIME_BUDGET
 * seconds sits out the remaining rounds. The times still vary from run to
 * run and from machine to machine: compare them, never trust one digit.
 *
 * Try it with 1, 2, 4 and 8 threads: ./workbook run 07 sum_four_ways -t 4
 */
#include <errno.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_N 2000000LL       /* the sum of squares still fits in a long long */
#define ROUNDS 5
#define MIN_SAMPLE 0.02       /* seconds: the shortest sample */
#define TIME_BUDGET 2.0       /* seconds */

static long long square(long long x)
{
    return x * x;
}

/* Called through a volatile pointer so that the compiler cannot turn a
 * loop into the formula n(n+1)(2n+1)/6 (see racy_sum.c). */
static long long (*volatile work)(long long) = square;

static long long sum_serial(long long n)
{
    long long sum = 0;
    for (long long x = 1; x <= n; x++)
        sum += work(x);
    return sum;
}

static long long sum_no_clause(long long n)
{
    long long sum = 0;
    #pragma omp parallel for default(none) shared(sum, work, n)
    for (long long x = 1; x <= n; x++)
        sum += work(x);                 /* many threads, one sum: a race */
    return sum;
}

static long long sum_critical(long long n)
{
    long long sum = 0;
    #pragma omp parallel for default(none) shared(sum, work, n)
    for (long long x = 1; x <= n; x++) {
        long long value = work(x);      /* computed in parallel ... */
        #pragma omp critical
        sum += value;                   /* ... added one thread at a time */
    }
    return sum;
}

static long long sum_atomic(long long n)
{
    long long sum = 0;
    #pragma omp parallel for default(none) shared(sum, work, n)
    for (long long x = 1; x <= n; x++) {
        long long value = work(x);
        #pragma omp atomic
        sum += value;                   /* one indivisible addition */
    }
    return sum;
}

static long long sum_reduction(long long n)
{
    long long sum = 0;
    #pragma omp parallel for default(none) shared(work, n) reduction(+:sum)
    for (long long x = 1; x <= n; x++)
        sum += work(x);                 /* this thread's own private sum */
    return sum;
}

static const struct {
    const char *name;
    long long (*sum)(long long n);
} versions[] = {
    {"serial", sum_serial},     {"no clause", sum_no_clause}, {"critical", sum_critical},
    {"atomic", sum_atomic},     {"reduction", sum_reduction},
};
#define VERSIONS (sizeof versions / sizeof versions[0])

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    long long n = MAX_N;
    if (argc > 1) {
        char *end;
        errno = 0;
        n = strtoll(argv[1], &end, 10);
        if (errno || end == argv[1] || *end != '\0' || n < 1 || n > MAX_N) {
            fprintf(stderr, "sum_four_ways: N must be a whole number from 1 to %lld, "
                    "not \"%s\".\n", MAX_N, argv[1]);
            return 2;
        }
    }
    /* n(n+1)(2n+1)/6, in an order that does not overflow for n <= MAX_N. */
    long long expected = n * (n + 1) / 2 * (2 * n + 1) / 3;

    int threads = 1;
    #pragma omp parallel default(none) shared(threads)
    {
        #pragma omp single
        threads = omp_get_num_threads();
    }

    for (size_t v = 0; v < VERSIONS; v++)
        versions[v].sum(n / 100 + 1);                 /* the warm-up */

    long long answer[VERSIONS];
    double seconds[VERSIONS][ROUNDS], spent[VERSIONS] = {0}, median[VERSIONS];
    int samples[VERSIONS] = {0};
    long calls[VERSIONS] = {0};
    for (int round = 0; round < ROUNDS; round++) {
        for (size_t v = 0; v < VERSIONS; v++) {
            if (spent[v] >= TIME_BUDGET)
                continue;
            long k = 0;
            double took, start = omp_get_wtime();
            do {                                      /* one sample */
                long long sum = versions[v].sum(n);
                if (calls[v] == 0)
                    answer[v] = sum;                  /* the answer of the first call */
                calls[v]++;
                k++;
                took = omp_get_wtime() - start;
            } while (took < MIN_SAMPLE);
            seconds[v][samples[v]++] = took / (double)k;
            spent[v] += took;
        }
    }
    for (size_t v = 0; v < VERSIONS; v++) {
        qsort(seconds[v], (size_t)samples[v], sizeof seconds[v][0], by_value);
        median[v] = seconds[v][samples[v] / 2];
    }

    printf("Sum of the squares of 1 to %lld with %d thread%s\n", n, threads,
           threads == 1 ? "" : "s");
    printf("%-10s %20lld\n", "expected", expected);
    for (size_t v = 0; v < VERSIONS; v++)
        printf("%-10s %20lld  %s\n", versions[v].name, answer[v],
               answer[v] == expected ? "right" : "WRONG");
    printf("\nTime of one call, the median of each version's samples (omp_get_wtime):\n");
    for (size_t v = 0; v < VERSIONS; v++)
        printf("%-10s %9.4f s  %8.2f x the serial time  (%d sample%s, %ld call%s)\n",
               versions[v].name, median[v], median[v] / median[0], samples[v],
               samples[v] == 1 ? "" : "s", calls[v], calls[v] == 1 ? "" : "s");
    return 0;
}
