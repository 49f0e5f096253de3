/*
 * how_big.c - why the total is a long long.
 *
 * The sum of the first 5000 squares is 41679167500, about 19 times more
 * than the largest int (2147483647). This program adds the squares one by
 * one and finds the first n whose sum 1*1 + 2*2 + ... + n*n no longer fits
 * in an int, then in a long long.
 *
 * It never lets a sum overflow: in C, a signed integer that goes past its
 * largest value is undefined behaviour, so the program checks that the next
 * square still fits *before* adding it.
 *
 * Run it:    ./workbook run 02 how_big
 */
#include <limits.h>
#include <stdio.h>

/* The first n for which 1*1 + ... + n*n is larger than limit. */
static long long first_too_big(long long limit)
{
    long long total = 0;
    for (long long n = 1; ; n++) {
        long long square = n * n;      /* fine: n stays near 3 million */
        if (total > limit - square)    /* total + square > limit */
            return n;
        total += square;
    }
}

static void report(const char *type, long long limit)
{
    long long n = first_too_big(limit);
    printf("In %s (largest value %lld), the sum of squares fits up to n = %lld "
           "and overflows at n = %lld\n", type, limit, n - 1, n);
}

int main(void)
{
    report("an int", INT_MAX);
    report("a long long", LLONG_MAX);
    return 0;
}
