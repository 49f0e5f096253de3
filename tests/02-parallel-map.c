/*
 * Graded tests for exercise 02: a parallel map and a reduce.
 * Points for each test are in workbook.toml.
 */
#include "collide.h"
#include "grading.h"
#include "ideas.h"
#include "parallel_map.h"

#include <omp.h>
#include <stdio.h>
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
    for (long i = 0; i < n; i++) {
        if (out[i] == square(first + i))
            continue;
        /* What the wrong value says: never written (where?), or another
         * item's square (results out of order), or nothing we know. */
        const char *idea = "";
        int others_right = 1;
        for (long j = 0; j < n && others_right; j++)
            others_right = j == i || out[j] == square(first + j);
        if (out[i] == SENTINEL && others_right && i == n - 1 && n > 1)
            idea = " (never written). Idea: only the last item is missing: the loop "
                   "stops one item short; the range includes last (x <= last).";
        else if (out[i] == SENTINEL && others_right && i == 0 && n > 1)
            idea = " (never written). Idea: only the first item is missing: the loop "
                   "starts one item late; the range includes first.";
        else if (out[i] == SENTINEL)
            idea = " (never written). Idea: out[i] = f(first + i) for every item.";
        else if ((i > 0 && out[i] == square(first + i - 1)) ||
                 (i < n - 1 && out[i] == square(first + i + 1)))
            idea = ", the square of a neighbouring item. Idea: map keeps results in "
                   "the order of the items: out[x - first] = f(x), whichever thread "
                   "computed it.";
        cr_assert_fail("parallel_map(square, %lld, %lld, out): out[%ld] should be "
                       "square(%lld) = %lld, got %lld%s",
                       first, last, i, first + i, square(first + i), out[i],
                       *idea ? idea : ".");
    }
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
    cr_assert_eq(bad, -1, "parallel_map(f, %lld, %lld, out) with %d thread%s: %s",
                 first, last, threads, WB_PLURAL(threads),
                 wb_once_text(calls, bad, first, threads, "the loop divides the items "
                              "among the threads; it does not repeat them."));
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
        long bad = wb_calls_first_not_once(calls);
        cr_assert_eq(bad, -1, "parallel_map(f, 1, %ld, out) with %d thread%s: %s", n,
                     threads, WB_PLURAL(threads),
                     wb_once_text(calls, bad, 1, threads, "the loop divides the items "
                                  "among the threads; it does not repeat them."));
        cr_assert_eq(wb_calls_max_team(calls), threads,
                     "parallel_map(f, 1, %ld, out) after omp_set_num_threads(%d): "
                     "f ran in a team of %d thread%s, expected %d. Idea: "
                     "`#pragma omp parallel for` starts a team of the requested size; "
                     "without it (or without -fopenmp) the loop runs on one thread.",
                     n, threads, wb_calls_max_team(calls),
                     WB_PLURAL(wb_calls_max_team(calls)), threads);
        wb_assert_kernel_threads(calls, threads, "parallel_map(f, 1, %ld, out) with %d threads",
                                 n, threads);
        long share[64] = {0};
        for (long item = 0; item < n; item++)
            share[calls->thread[item]]++;
        for (int t = 0; t < threads; t++)
            cr_assert(share[t] >= n / threads && share[t] <= n / threads + 1,
                      "parallel_map(f, 1, %ld, out) with %d threads: thread %d of "
                      "the %d handled %ld items, expected %ld or %ld. Idea: the default "
                      "schedule of gcc and clang splits the items evenly among the "
                      "%d threads.", n, threads, t, threads, share[t], n / threads,
                      n / threads + 1, threads);
        for (long item = 1; item < n; item++)
            cr_assert(calls->thread[item] >= calls->thread[item - 1],
                      "parallel_map(f, 1, %ld, out) with %d threads: item %ld went to "
                      "thread %d but item %ld to thread %d. Idea: the default schedule "
                      "gives each of the %d threads ONE contiguous block, in thread order.",
                      n, threads, item, calls->thread[item - 1], item + 1,
                      calls->thread[item], threads);
        wb_calls_free(calls);
        free(out);
      }
    }
}

static long long offset_from_3e9(long long x)
{
    return x - 3000000000LL;
}

/* What the earlier calls of a test returned, all right (a test stops at its
 * first wrong answer): what a total kept from call to call adds. */
static long long earlier_sums;

/* One call of map_reduce over first..last, checked against the exact sum;
 * the message's idea comes from the numbers (ideas.h), or `fallback` when
 * none of the known mistakes gives them (NULL: no idea at all). */
static void check_reduce(long long (*f)(long long), const char *name, long long first,
                         long long last, long long want, const char *fallback)
{
    long long got = map_reduce(f, first, last);
    const char *idea = first <= last
        ? wb_sum_idea(got, want, f(first), f(last), omp_get_max_threads(), earlier_sums)
        : got == earlier_sums && got != 0
        ? " Idea: that is what the earlier calls returned: the total goes on from the "
          "previous call. It must start at 0 in every call (a `static` total, or one "
          "declared outside the function, keeps its value)."
        : "";
    cr_assert_eq(got, want, "map_reduce(%s, %lld, %lld) should be %lld%s, got %lld.%s%s",
                 name, first, last, want,
                 first > last ? " (an empty range)" : "", got, idea,
                 !*idea && fallback ? fallback : "");
    earlier_sums += got;
}

WB_TEST(parallel_map, reduce_matches_formula)
{
    check_reduce(square, "square", 1, 5000, 41679167500LL, NULL);
    check_reduce(square, "square", 1, 20, 2870LL, NULL);
    check_reduce(square, "square", 5, 4, 0, NULL);
    for (int round = 0; round < 3; round++) {
        long long first = wb_random_between(0, 5000);
        long long last = first + wb_random_between(0, 100000);
        check_reduce(square, "square", first, last, wb_sum_of_squares(first, last), NULL);
    }
    /* Items past INT_MAX: the loop counter must be a long long. Every call
     * before this one was right, so a wrong sum here points at the counter. */
    long long first = 3000000000LL, last = first + wb_random_between(100, 5000);
    check_reduce(offset_from_3e9, "x - 3000000000", first, last,
                 (last - first) * (last - first + 1) / 2,
                 " Idea: these items are past INT_MAX: first and last are long long; so "
                 "must the loop counter be.");
}

WB_TEST(parallel_map, reduce_needs_64_bits)
{
    const long long last = 3000000;
    long long got = map_reduce(square, 1, last), want = wb_sum_of_squares(1, last);
    const char *idea = wb_sum_idea(got, want, 1, last * last, omp_get_max_threads(), 0);
    if (!*idea && got != want) {
        /* A long long total that adds squares cut to an int on the way. */
        long long cut = 0;
        for (long long x = 1; x <= last; x++)
            cut += (int)(x * x);
        if (got == cut)
            idea = " Idea: that is the sum of the squares each cut to an int: the squares "
                   "pass 2.1e9 from x = 46341 on; keep every value a long long.";
    }
    cr_assert_eq(got, want,
                 "map_reduce(square, 1, %lld) should be %lld, got %lld (the sum is near "
                 "9e18, which only a 64-bit total holds).%s", last, want, got, idea);
}

static const char *SUM_RACE =
    " Idea: threads adding to one shared total lose each other's additions (a "
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
    long long want = wb_sum_of_squares(first, last);
    long long a2 = wb_collision.a * wb_collision.a, b2 = wb_collision.b * wb_collision.b;
    /* Exactly one of the two colliding additions missing: the race. Else
     * a known mistake; else the same collision again, and the race when
     * the answer changes. */
    int lost_one = got == want - a2 || got == want - b2;
    const char *idea = lost_one ? SUM_RACE
        : wb_sum_idea(got, want, first * first, last * last, threads, 0);
    long long again = got;
    for (int retry = 0; retry < 3 && got != want && !*idea && again == got; retry++) {
        wb_collision_plan(first, n, threads, round);
        wb_collision.on = 1;
        again = map_reduce(colliding_square, first, last);
        wb_collision.on = 0;
    }
    char raced[480] = "";
    if (!*idea && again != got) {
        snprintf(raced, sizeof raced, " The same call again returned %lld: the answer "
                 "changes from run to run.%s", again, SUM_RACE);
        idea = raced;
    }
    cr_assert_eq(got, want,
                 "map_reduce(f, %lld, %lld) with %d threads, round %d: expected "
                 "%lld, got %lld. In this round f made the threads adding "
                 "%lld*%lld and %lld*%lld do so at the same instant.%s%s",
                 first, last, threads, round + 1, want, got,
                 wb_collision.a, wb_collision.a, wb_collision.b, wb_collision.b,
                 lost_one ? " That sum lacks one of them." : "", idea);
}

WB_TEST(parallel_map, reduce_is_race_free)
{
    /* Long sums, where threads overlap by chance on an idle machine ... */
    static const int threads[] = {2, 4, 8};
    const long long last = 2000000;
    long long earlier = 0;   /* what the earlier rounds returned, all right */
    for (int round = 0; round < 3; round++) {
        omp_set_num_threads(threads[round]);
        long long got = map_reduce(square, 1, last), want = wb_sum_of_squares(1, last);
        if (got == want) {
            earlier += got;
            continue;
        }
        /* A known mistake first; else the same call again: a race shows as
         * a different answer to the same question. */
        const char *idea = wb_sum_idea(got, want, 1, last * last, threads[round], earlier);
        long long again = got;
        for (int retry = 0; retry < 3 && !*idea && again == got; retry++)
            again = map_reduce(square, 1, last);
        char raced[480] = "";
        if (!*idea && again != got)
            snprintf(raced, sizeof raced, " The same call again returned %lld: the "
                     "answer changes from run to run.%s", again, SUM_RACE);
        cr_assert_fail("map_reduce(square, 1, %lld) with %d threads: expected %lld, "
                       "got %lld.%s%s", last, threads[round], want, got, idea, raced);
    }
    /* ... and short ones where two threads add at the same instant, which
     * shows a race even on a busy machine. */
    wb_collision_rounds(sum_collision, 100, 20);
}

WB_TEST(parallel_map, reduce_uses_the_team)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    long long earlier = 0;   /* what the earlier calls returned, all right */
    for (size_t i = 0; i <= 2 * k; i++) {
        int threads = i < 2 * k ? counts[i / 2] : 16;
        long n = i % 2 ? wb_random_between(threads, 150) : wb_random_between(500, 3000);
        calls = wb_calls_new(n);
        recorded_first = 1;
        omp_set_num_threads(threads);
        long long got = map_reduce(recorded_square, 1, n), want = wb_sum_of_squares(1, n);
        cr_assert_eq(got, want, "map_reduce(f, 1, %ld) with %d thread%s: expected %lld, "
                     "got %lld.%s", n, threads, WB_PLURAL(threads), want, got,
                     wb_sum_idea(got, want, 1, (long long)n * n, threads, earlier));
        earlier += got;
        long bad = wb_calls_first_not_once(calls);
        cr_assert_eq(bad, -1, "map_reduce(f, 1, %ld) with %d thread%s: %s", n, threads,
                     WB_PLURAL(threads),
                     wb_once_text(calls, bad, 1, threads, "the loop divides the items "
                                  "among the threads; it does not repeat them."));
        int team = wb_calls_max_team(calls);
        cr_assert_eq(team, threads,
                     "map_reduce(f, 1, %ld) after omp_set_num_threads(%d): f ran in a "
                     "team of %d thread%s, expected %d. Idea: `#pragma omp parallel for "
                     "reduction(+:total)` starts a team of the requested size (unless a "
                     "num_threads clause says otherwise) and shares the loop; without it "
                     "(or without -fopenmp) the loop runs on one thread.",
                     n, threads, team, WB_PLURAL(team), threads);
        cr_assert_eq(wb_calls_threads_used(calls), threads,
                     "map_reduce(f, 1, %ld) with %d threads: only %d of the %d threads "
                     "called f. Idea: the loop's items are shared by the whole team "
                     "(`omp for`), not run by one thread (`single`).",
                     n, threads, wb_calls_threads_used(calls), threads);
        wb_assert_kernel_threads(calls, threads, "map_reduce(f, 1, %ld) with %d threads",
                                 n, threads);
        wb_calls_free(calls);
    }
}
