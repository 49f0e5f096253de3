/*
 * races.h - the API of exercise 07 (do not edit: the tests use it).
 *
 * Three jobs where every thread of a team must update something shared,
 * and one way to make each of them safe:
 *
 *   sum_reduction   one number that everybody adds to    reduction(+:total)
 *   histogram       an array of counters, few of them     #pragma omp atomic
 *   best_item       two variables that change together   #pragma omp critical
 *
 * Besides its results, every function here is graded on how it gets them:
 * no data race (ThreadSanitizer watches it at 2, 3 and 4 threads), no
 * access outside the arrays it is given and nothing left allocated when it
 * returns (AddressSanitizer and LeakSanitizer watch it). Your file defines
 * only the functions below (make any helper of yours `static`) and calls
 * only OpenMP and the C library's string, number, allocation, maths, time
 * and printing functions: anything else is refused before it runs.
 */
#ifndef RACES_H
#define RACES_H

/* A function of one item, like `square` in the lessons. */
typedef long long (*map_fn)(long long x);

/*
 * Return the sum of f(x) for every x from first to last, both included
 * (0 when last < first; any long long values, past INT_MAX too), in one
 * parallel loop with reduction(+:total) whose items are shared by every
 * thread of the current team, whatever their number. The sum must be exact
 * up to LLONG_MAX: the total is a long long.
 */
long long sum_reduction(map_fn f, long long first, long long last);

/*
 * Count, for every bin b from 0 to nbins - 1, how many i in 0..n-1 have
 * bin_of(i) == b, and store that count in counts[b]. The counts start from
 * zero whatever counts held before (counts has nbins slots; bin_of always
 * returns a number from 0 to nbins - 1; nbins may be in the thousands). The
 * calls to bin_of are shared by every thread of the current team with a
 * parallel loop, whatever n is; each increment of a shared counter is made
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
 * items tie for the largest value, the first of them wins). The values may
 * be any long long, all negative too, and first and last any long long
 * values. The items are shared by every thread of the current team with a
 * parallel loop, whatever their number, f is called once per item, and the
 * pair (value, item) is updated so that no thread ever sees or leaves half
 * of an update: inside `#pragma omp critical` (lessons/07 also shows a
 * reduction over one packed key that does the same).
 */
struct best best_item(map_fn f, long long first, long long last);

#endif
