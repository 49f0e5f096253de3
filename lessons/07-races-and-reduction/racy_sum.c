/*
 * racy_sum.c - threads that add into one shared variable lose additions.
 *
 * The sum of the squares of 1..N, computed five times with a parallel loop
 * and NO reduction clause. Every thread adds into the same variable, in
 * three steps: read the total, add its item, write the total back. When two
 * threads read the same old total, each writes back its own new total and
 * one of the two additions is lost. This is a data race.
 *
 * Run it many times, with a few threads (./workbook run 07 racy_sum -t 4),
 * and count: most answers are wrong, by different amounts, and now and
 * then one is right. How often depends on the compiler, the thread count
 * and whatever else the machine is doing (see the README).
 */
#include <errno.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

static long long square(long long x)
{
    return x * x;
}

/* The loop calls square through this volatile pointer, so the compiler
 * cannot see what the call does. Without it, clang sees `sum += x * x`,
 * replaces the whole loop with the formula n(n+1)(2n+1)/6, and the race
 * disappears from the demo (the bug stays in the program, though). */
static long long (*volatile work)(long long) = square;

int main(int argc, char **argv)
{
    long long n = 1000000;
    if (argc > 1) {
        char *end;
        errno = 0;
        n = strtoll(argv[1], &end, 10);
        if (errno || end == argv[1] || *end != '\0' || n < 1 || n > 2000000) {
            fprintf(stderr, "racy_sum: N must be a whole number from 1 to 2000000, not "
                    "\"%s\".\n", argv[1]);
            return 2;
        }
    }
    /* n(n+1)(2n+1)/6, in an order that does not overflow for n <= 2e6. */
    long long expected = n * (n + 1) / 2 * (2 * n + 1) / 3;

    /* Asking the team for its size also starts the threads, before the
     * first attempt. */
    int threads = 1;
    #pragma omp parallel default(none) shared(threads)
    {
        #pragma omp single
        threads = omp_get_num_threads();
    }
    printf("Sum of the squares of 1 to %lld with %d thread%s, no reduction clause\n",
           n, threads, threads == 1 ? "" : "s");
    printf("expected   %20lld\n", expected);
    for (int attempt = 1; attempt <= 5; attempt++) {
        /* sum is declared outside the loop, so it is shared: one variable
         * for the whole team, updated by every thread. `volatile` makes the
         * compiler do every read and write of sum exactly as written below,
         * instead of keeping a copy in a register; it does NOT make the sum
         * safe, as you are about to see. */
        volatile long long sum = 0;
        #pragma omp parallel for default(none) shared(sum, work, n)
        for (long long x = 1; x <= n; x++) {
            long long total = sum;          /* 1. read the shared total */
            total = total + work(x);        /* 2. add this item's square */
            sum = total;                    /* 3. write the total back */
        }
        if (sum == expected)
            printf("attempt %d  %20lld  right\n", attempt, sum);
        else
            printf("attempt %d  %20lld  WRONG, %.2f%% of the sum lost\n", attempt, sum,
                   100.0 * (double)(expected - sum) / (double)expected);
    }
    return 0;
}
