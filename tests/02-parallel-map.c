/*
 * Graded tests for exercise 02: a parallel map and a reduce.
 * Points for each test are in workbook.toml.
 */
#include "collide.h"
#include "grading.h"
#include "parallel_map.h"

#include <omp.h>
#include <stdlib.h>

TestSuite(parallel_map, .init = wb_setup, .timeout = WB_TIMEOUT);

static long long square(long long x)
{
    return x * x;
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

WB_TEST(parallel_map, map_results_in_order)
{
    check_map(1, 20);
    check_map(1, 5000);
    check_map(-50, 50);
    check_map(7, 7);
    long first = wb_random_between(-1000, 1000);
    check_map(first, first + wb_random_between(100, 20000));
    /* Items past INT_MAX: the loop counter must be a long long. */
    first = 3000000000L + wb_random_between(0, 1000);
    check_map(first, first + wb_random_between(10, 2000));
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

WB_TEST(parallel_map, map_each_item_once)
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

WB_TEST(parallel_map, map_shares_items_evenly)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t i = 0; i < k; i++) {
        int threads = counts[i];
      for (int size_kind = 0; size_kind < 2; size_kind++) {
        long n = size_kind ? wb_random_between(200, 2000) : wb_random_between(threads, 150);
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
        wb_assert_kernel_threads(calls, threads, "parallel_map(f, 1, %ld, out) with %d threads",
                                 n, threads);
        long share[64] = {0};
        for (long item = 0; item < n; item++)
            share[calls->thread[item]]++;
        for (int t = 0; t < threads; t++)
            cr_assert(share[t] >= n / threads && share[t] <= n / threads + 1,
                      "parallel_map(f, 1, %ld, out) with %d threads: thread %d "
                      "handled %ld items, expected %ld or %ld. Idea: the default "
                      "schedule of gcc and clang splits the items evenly among the "
                      "%d threads.", n, threads, t, share[t], n / threads,
                      n / threads + 1, threads);
        for (long item = 1; item < n; item++)
            cr_assert(calls->thread[item] >= calls->thread[item - 1],
                      "parallel_map(f, 1, %ld, out) with %d threads: item %ld went to "
                      "thread %d but item %ld to thread %d. Idea: the default schedule "
                      "gives each thread ONE contiguous block, in thread order.",
                      n, threads, item, calls->thread[item - 1], item + 1,
                      calls->thread[item]);
        wb_calls_free(calls);
        free(out);
      }
    }
}

static long long offset_from_3e9(long long x)
{
    return x - 3000000000LL;
}

WB_TEST(parallel_map, reduce_matches_formula)
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
        cr_assert_eq(got, wb_sum_of_squares(first, last),
                     "map_reduce(square, %lld, %lld) should be %lld, got %lld. Idea: "
                     "the sum covers every x from first to last, both included.",
                     first, last, wb_sum_of_squares(first, last), got);
    }
    /* Items past INT_MAX: the loop counter must be a long long. */
    long long first = 3000000000LL, last = first + wb_random_between(100, 5000);
    long long want = (last - first) * (last - first + 1) / 2;
    got = map_reduce(offset_from_3e9, first, last);
    cr_assert_eq(got, want, "map_reduce(x - 3000000000, %lld, %lld) should be %lld, got "
                 "%lld. Idea: first and last are long long; so must the loop counter be.",
                 first, last, want, got);
}

WB_TEST(parallel_map, reduce_needs_64_bits)
{
    long long got = map_reduce(square, 1, 3000000);
    cr_assert_eq(got, wb_sum_of_squares(1, 3000000),
                 "map_reduce(square, 1, 3000000) should be %lld, got %lld. Idea: this "
                 "sum is near 9e18; an int total (at most about 2.1e9) overflows, "
                 "a long long one does not.", wb_sum_of_squares(1, 3000000), got);
}

static const char *SUM_RACE =
    "Idea: threads adding to one shared total lose each other's additions (a "
    "data race); reduction(+:total) gives each thread its own total.";

static long long colliding_square(long long x)
{
    wb_collide_at(x);
    return x * x;
}

/* A short sum in which the threads adding two chosen squares do so at the
 * same instant (collide.h): a racy `total += f(x)` loses one of them. */
static void sum_collision(int round, int threads)
{
    long long n = threads * wb_random_between(50, 400);
    long long first = wb_random_between(0, 1000), last = first + n - 1;
    wb_collision_plan(first, n, threads, round);
    omp_set_num_threads(threads);
    wb_collision.on = 1;
    long long got = map_reduce(colliding_square, first, last);
    wb_collision.on = 0;
    cr_assert_eq(got, wb_sum_of_squares(first, last),
                 "map_reduce(f, %lld, %lld) with %d threads, round %d: expected "
                 "%lld, got %lld. In this round f made the threads adding "
                 "%lld*%lld and %lld*%lld do so at the same instant. %s",
                 first, last, threads, round + 1, wb_sum_of_squares(first, last), got,
                 wb_collision.a, wb_collision.a, wb_collision.b, wb_collision.b,
                 SUM_RACE);
}

WB_TEST(parallel_map, reduce_is_race_free)
{
    /* Long sums, where threads overlap by chance on an idle machine ... */
    static const int threads[] = {2, 4, 8};
    const long long last = 2000000;
    for (int round = 0; round < 3; round++) {
        omp_set_num_threads(threads[round]);
        long long got = map_reduce(square, 1, last);
        cr_assert_eq(got, wb_sum_of_squares(1, last),
                     "map_reduce(square, 1, %lld) with %d threads: expected %lld, "
                     "got %lld. %s", last, threads[round],
                     wb_sum_of_squares(1, last), got, SUM_RACE);
    }
    /* ... and short ones where two threads add at the same instant, which
     * shows a race even on a busy machine. */
    wb_collision_rounds(sum_collision, 100, 20);
}

WB_TEST(parallel_map, reduce_uses_the_team)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t i = 0; i <= 2 * k; i++) {
        int threads = i < 2 * k ? counts[i / 2] : 16;
        long n = i % 2 ? wb_random_between(threads, 150) : wb_random_between(500, 3000);
        calls = wb_calls_new(n);
        recorded_first = 1;
        omp_set_num_threads(threads);
        long long got = map_reduce(recorded_square, 1, n);
        cr_assert_eq(got, wb_sum_of_squares(1, n),
                     "map_reduce(f, 1, %ld) with %d threads: expected %lld, got %lld.",
                     n, threads, wb_sum_of_squares(1, n), got);
        cr_assert_eq(wb_calls_first_not_once(calls), -1,
                     "map_reduce(f, 1, %ld) with %d threads did not call f exactly "
                     "once per item.", n, threads);
        cr_assert_eq(wb_calls_max_team(calls), threads,
                     "map_reduce(f, 1, %ld) after omp_set_num_threads(%d): f ran in a "
                     "team of %d threads, expected %d. Idea: the reduction must run "
                     "in a parallel loop, not after it.",
                     n, threads, wb_calls_max_team(calls), threads);
        cr_assert_eq(wb_calls_threads_used(calls), threads,
                     "map_reduce(f, 1, %ld) with %d threads: only %d of the threads "
                     "called f. Idea: the loop's items are shared by the whole team "
                     "(`omp for`), not run by one thread (`single`).",
                     n, threads, wb_calls_threads_used(calls));
        wb_assert_kernel_threads(calls, threads, "map_reduce(f, 1, %ld) with %d threads",
                                 n, threads);
        wb_calls_free(calls);
    }
}
