/*
 * Graded tests for exercise 02: a parallel map and a reduce.
 * Points for each test are in workbook.toml.
 */
#include "grading.h"
#include "parallel_map.h"

#include <omp.h>
#include <stdlib.h>

TestSuite(parallel_map, .init = wb_setup, .fini = wb_teardown, .timeout = WB_TIMEOUT);

static long long square(long long x)
{
    return x * x;
}

/* 1*1 + 2*2 + ... + n*n from the closed form, in 128 bits so that the
 * product cannot overflow before the division. */
static long long squares_up_to(long long n)
{
    return (long long)((__int128)n * (n + 1) * (2 * n + 1) / 6);
}

static long long sum_of_squares(long long first, long long last)
{
    if (last < first)
        return 0;
    return squares_up_to(last) - (first > 0 ? squares_up_to(first - 1) : 0);
}

/* The instrumented function: records who handled each item of the range
 * [recorded_first, recorded_first + calls->size). */
static struct wb_calls *calls;
static long long recorded_first;

static long long recorded_square(long long x)
{
    wb_calls_record(calls, (long)(x - recorded_first));
    return x * x;
}

static const long long SENTINEL = -7777777;

static void check_map(long long first, long long last)
{
    long n = (long)(last - first + 1);
    long long *out = malloc((size_t)(n + 1) * sizeof *out);
    cr_assert(out, "out of memory");
    for (long i = 0; i <= n; i++)
        out[i] = SENTINEL;
    parallel_map(square, first, last, out);
    for (long i = 0; i < n; i++)
        cr_assert_eq(out[i], square(first + i),
                     "parallel_map(square, %lld, %lld, out): out[%ld] should be "
                     "square(%lld) = %lld, got %lld. Idea: map keeps results in "
                     "the order of the items, whichever thread computed them.",
                     first, last, i, first + i, square(first + i), out[i]);
    cr_assert_eq(out[n], SENTINEL,
                 "parallel_map(square, %lld, %lld, out) wrote out[%ld], one past "
                 "the last item. Idea: the range includes last, and stops there.",
                 first, last, n);
    free(out);
}

Test(parallel_map, map_results_in_order)
{
    check_map(1, 20);
    check_map(1, 5000);
    check_map(-50, 50);
    check_map(7, 7);
    long first = wb_random_between(-1000, 1000);
    check_map(first, first + wb_random_between(100, 20000));
}

static void check_each_once(long long first, long long last, int threads)
{
    long n = (long)(last - first + 1);
    long long *out = malloc((size_t)n * sizeof *out);
    cr_assert(out, "out of memory");
    calls = wb_calls_new(n);
    recorded_first = first;
    omp_set_num_threads(threads);
    parallel_map(recorded_square, first, last, out);
    long bad = wb_calls_first_not_once(calls);
    cr_assert_eq(bad, -1,
                 "parallel_map(f, %lld, %lld, out) with %d threads: item %lld was "
                 "handled %d times, expected exactly once%s. Idea: the loop divides "
                 "the items among the threads; it does not repeat them.",
                 first, last, threads, first + bad,
                 bad >= 0 && bad < n ? calls->count[bad] : 0,
                 bad == n ? " (f was called with an x outside first..last)" : "");
    wb_calls_free(calls);
    free(out);
}

Test(parallel_map, map_each_item_once)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t i = 0; i < k; i++) {
        check_each_once(1, 20, counts[i]);
        check_each_once(1, 5000, counts[i]);
        long first = wb_random_between(-100, 100);
        check_each_once(first, first + wb_random_between(1, 3000), counts[i]);
    }
}

Test(parallel_map, map_shares_items_evenly)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t i = 0; i < k; i++) {
        int threads = counts[i];
        long n = wb_random_between(200, 2000);
        long long *out = malloc((size_t)n * sizeof *out);
        cr_assert(out, "out of memory");
        calls = wb_calls_new(n);
        recorded_first = 1;
        omp_set_num_threads(threads);
        parallel_map(recorded_square, 1, n, out);
        cr_assert_eq(wb_calls_first_not_once(calls), -1,
                     "parallel_map(f, 1, %ld, out) with %d threads did not handle "
                     "each item exactly once.", n, threads);
        cr_assert_eq(wb_calls_max_team(calls), threads,
                     "parallel_map(f, 1, %ld, out) after omp_set_num_threads(%d): "
                     "f ran in a team of %d threads, expected %d. Idea: "
                     "`#pragma omp parallel for` starts a team of the requested size; "
                     "without it (or without -fopenmp) the loop runs on one thread.",
                     n, threads, wb_calls_max_team(calls), threads);
        long share[64] = {0};
        for (long item = 0; item < n; item++)
            share[calls->thread[item]]++;
        for (int t = 0; t < threads; t++)
            cr_assert(share[t] >= n / threads && share[t] <= n / threads + 1,
                      "parallel_map(f, 1, %ld, out) with %d threads: thread %d "
                      "handled %ld items, expected %ld or %ld. Idea: the default "
                      "schedule splits the items evenly, like pool.map with %d "
                      "workers.", n, threads, t, share[t], n / threads,
                      n / threads + 1, threads);
        wb_calls_free(calls);
        free(out);
    }
}

Test(parallel_map, reduce_matches_formula)
{
    long long got = map_reduce(square, 1, 5000);
    cr_assert_eq(got, 41679167500LL,
                 "map_reduce(square, 1, 5000) should be 41679167500 (the tutorial's "
                 "sum), got %lld.", got);
    got = map_reduce(square, 1, 20);
    cr_assert_eq(got, 2870LL, "map_reduce(square, 1, 20) should be 2870, got %lld.", got);
    got = map_reduce(square, 5, 4);
    cr_assert_eq(got, 0LL, "map_reduce(square, 5, 4) is an empty range: expected 0, "
                 "got %lld.", got);
    for (int round = 0; round < 3; round++) {
        long long first = wb_random_between(0, 5000);
        long long last = first + wb_random_between(0, 100000);
        got = map_reduce(square, first, last);
        cr_assert_eq(got, sum_of_squares(first, last),
                     "map_reduce(square, %lld, %lld) should be %lld, got %lld. Idea: "
                     "the sum covers every x from first to last, both included.",
                     first, last, sum_of_squares(first, last), got);
    }
}

Test(parallel_map, reduce_needs_64_bits)
{
    long long got = map_reduce(square, 1, 3000000);
    cr_assert_eq(got, sum_of_squares(1, 3000000),
                 "map_reduce(square, 1, 3000000) should be %lld, got %lld. Idea: this "
                 "sum is near 9e18; an int total (at most about 2.1e9) overflows, "
                 "a long long one does not.", sum_of_squares(1, 3000000), got);
}

/* A racy `total += f(x)` compiles to one read-modify-write instruction: it
 * loses additions only while two threads run it at the same moment on two
 * cores, never by time slicing. A long loop (milliseconds per thread),
 * repeated at several thread counts, makes that overlap all but certain on
 * a machine that is not saturated by other work. */
Test(parallel_map, reduce_is_race_free)
{
    static const int threads[] = {2, 4, 8};
    const long long last = 2000000;
    for (int round = 0; round < 6; round++) {
        int t = threads[round % 3];
        omp_set_num_threads(t);
        long long got = map_reduce(square, 1, last);
        cr_assert_eq(got, sum_of_squares(1, last),
                     "map_reduce(square, 1, %lld) with %d threads, attempt %d: "
                     "expected %lld, got %lld. Idea: threads adding to one shared "
                     "total lose each other's additions (a data race); "
                     "reduction(+:total) gives each thread its own total.",
                     last, t, round + 1, sum_of_squares(1, last), got);
    }
}

Test(parallel_map, reduce_uses_the_team)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t i = 0; i < k; i++) {
        int threads = counts[i];
        long n = wb_random_between(500, 3000);
        calls = wb_calls_new(n);
        recorded_first = 1;
        omp_set_num_threads(threads);
        long long got = map_reduce(recorded_square, 1, n);
        cr_assert_eq(got, sum_of_squares(1, n),
                     "map_reduce(f, 1, %ld) with %d threads: expected %lld, got %lld.",
                     n, threads, sum_of_squares(1, n), got);
        cr_assert_eq(wb_calls_first_not_once(calls), -1,
                     "map_reduce(f, 1, %ld) with %d threads did not call f exactly "
                     "once per item.", n, threads);
        cr_assert_eq(wb_calls_max_team(calls), threads,
                     "map_reduce(f, 1, %ld) after omp_set_num_threads(%d): f ran in a "
                     "team of %d threads, expected %d. Idea: the reduction must run "
                     "in a parallel loop, not after it.",
                     n, threads, wb_calls_max_team(calls), threads);
        wb_calls_free(calls);
    }
}
