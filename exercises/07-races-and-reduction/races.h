/*
 * races.h - the API of exercise 07 (do not edit: the tests use it).
 *
 * Three jobs where every thread of a team must update something shared,
 * and one way to make each of them safe:
 *
 *   sum_reduction   one number that everybody adds to    reduction(+:total)
 *   histogram       an array of counters, few of them     #pragma omp atomic
 *   best_item       two variables that change together   #pragma omp critical
 */
#ifndef RACES_H
#define RACES_H

/* A function of one item, like `square` in the lessons. */
typedef long long (*map_fn)(long long x);

/*
 * Return the sum of f(x) for every x from first to last, both included
 * (0 when last < first), in one parallel loop with reduction(+:total).
 * The sum must be exact up to LLONG_MAX: the total is a long long.
 */
long long sum_reduction(map_fn f, long long first, long long last);

/*
 * Count, for every bin b from 0 to nbins - 1, how many i in 0..n-1 have
 * bin_of(i) == b, and store that count in counts[b]. The counts start from
 * zero whatever counts held before (counts has nbins slots; bin_of always
 * returns a number from 0 to nbins - 1). The calls to bin_of are shared by
 * the team with a parallel loop; each increment of a shared counter is made
 * safe with `#pragma omp atomic` (an array-section reduction is also fine).
 */
void histogram(int (*bin_of)(long i), long n, int nbins, long *counts);

/* The winner of best_item: the largest f(x) and the item x that gave it. */
struct best {
    long long value;
    long long item;
};

/*
 * Return the largest f(x) over every x from first to last, both included
 * (first <= last), together with the SMALLEST x that gives it (when several
 * items tie for the largest value, the first of them wins). The items are
 * shared by the team with a parallel loop, f is called once per item, and the
 * pair (value, item) is updated inside `#pragma omp critical`, so that no
 * thread ever sees or leaves half of an update.
 */
struct best best_item(map_fn f, long long first, long long last);

#endif
