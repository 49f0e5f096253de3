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
 * The program prints each answer, then each time (from omp_get_wtime()).
 * Try it with 1, 2, 4 and 8 threads: ./workbook run 07 sum_four_ways -t 4
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

static long long square(long long x)
{
    return x * x;
}

/* Called through a volatile pointer so that the compiler cannot turn a
 * loop into the formula n(n+1)(2n+1)/6 (see racy_sum.c). */
static long long (*volatile work)(long long) = square;

enum { SERIAL, NO_CLAUSE, CRITICAL, ATOMIC, REDUCTION, VERSIONS };
static const char *const names[VERSIONS] = {"serial", "no clause", "critical", "atomic",
                                            "reduction"};

int main(int argc, char **argv)
{
    long long n = argc > 1 ? atoll(argv[1]) : 1000000;
    if (n < 1 || n > 2000000) {
        fprintf(stderr, "usage: %s [N from 1 to 2000000]\n", argv[0]);
        return 2;
    }
    long long expected = n * (n + 1) / 2 * (2 * n + 1) / 3;
    long long answer[VERSIONS];
    double seconds[VERSIONS];

    /* Asking the team for its size also starts the threads, so that the
     * first timed version does not pay for it. */
    int threads = 1;
    #pragma omp parallel
    {
        #pragma omp single
        threads = omp_get_num_threads();
    }

    double start = omp_get_wtime();
    long long sum = 0;
    for (long long x = 1; x <= n; x++)
        sum += work(x);
    seconds[SERIAL] = omp_get_wtime() - start;
    answer[SERIAL] = sum;

    start = omp_get_wtime();
    sum = 0;
    #pragma omp parallel for
    for (long long x = 1; x <= n; x++)
        sum += work(x);                 /* many threads, one sum: a race */
    seconds[NO_CLAUSE] = omp_get_wtime() - start;
    answer[NO_CLAUSE] = sum;

    start = omp_get_wtime();
    sum = 0;
    #pragma omp parallel for
    for (long long x = 1; x <= n; x++) {
        long long value = work(x);      /* computed in parallel ... */
        #pragma omp critical
        sum += value;                   /* ... added one thread at a time */
    }
    seconds[CRITICAL] = omp_get_wtime() - start;
    answer[CRITICAL] = sum;

    start = omp_get_wtime();
    sum = 0;
    #pragma omp parallel for
    for (long long x = 1; x <= n; x++) {
        long long value = work(x);
        #pragma omp atomic
        sum += value;                   /* one indivisible addition */
    }
    seconds[ATOMIC] = omp_get_wtime() - start;
    answer[ATOMIC] = sum;

    start = omp_get_wtime();
    sum = 0;
    #pragma omp parallel for reduction(+:sum)
    for (long long x = 1; x <= n; x++)
        sum += work(x);                 /* this thread's own private sum */
    seconds[REDUCTION] = omp_get_wtime() - start;
    answer[REDUCTION] = sum;

    printf("Sum of the squares of 1 to %lld with %d thread%s\n", n, threads,
           threads == 1 ? "" : "s");
    printf("%-10s %20lld\n", "expected", expected);
    for (int v = 0; v < VERSIONS; v++)
        printf("%-10s %20lld  %s\n", names[v], answer[v],
               answer[v] == expected ? "right" : "WRONG");
    printf("\nTime of each version (omp_get_wtime):\n");
    for (int v = 0; v < VERSIONS; v++)
        printf("%-10s %9.4f s  %7.2f x the serial time\n", names[v], seconds[v],
               seconds[v] / seconds[SERIAL]);
    return 0;
}
