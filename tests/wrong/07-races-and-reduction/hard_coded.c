/*
 * Wrong program: answers the lesson's examples instead of computing.
 * expect-fail: sum_matches_formula histogram_counts best_item_finds_the_best
 */
#include "races.h"

#include <limits.h>

long long sum_reduction(map_fn f, long long first, long long last)
{
    (void)f;
    if (first == 1 && last == 20)
        return 2870;
    return 41679167500LL;
}

void histogram(int (*bin_of)(long i), long n, int nbins, long *counts)
{
    /* The last digits of the squares of 0..999. */
    static const long digits[10] = {100, 200, 0, 0, 200, 100, 200, 0, 0, 200};
    (void)bin_of;
    (void)n;
    for (int b = 0; b < nbins; b++)
        counts[b] = b < 10 ? digits[b] : 0;
}

struct best best_item(map_fn f, long long first, long long last)
{
    struct best best = {f(last), last};
    (void)first;
    return best;
}
