/*
 * Graded tests for exercise 07: races, and three ways out of them.
 * Points for each test are in workbook.toml.
 *
 * A data race does no harm most of the time: it goes wrong only when two
 * threads touch the same variable at the same instant, and on a busy 2-core
 * machine the threads of a short loop often run one after the other. So the
 * race tests do not wait for luck: their f (or bin_of) makes the threads
 * handling two chosen items meet inside the call and return at the same
 * instant, so that both then update the shared result together. Correct
 * code does not care; racy code goes wrong in a good share of these
 * "collisions", and each test stages a hundred or more of them.
 */
#define _GNU_SOURCE
#include "collide.h"
#include "grading.h"
#include "ideas.h"
#include "races.h"

#include <omp.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

TestSuite(races_and_reduction, .init = wb_setup,
          .timeout = WB_TIMEOUT);

/* --- sum_reduction -------------------------------------------------------- */

static long long square(long long x)
{
    return x * x;
}

static long long colliding_square(long long x)
{
    wb_collide_at(x);
    return x * x;
}

static long long far_below_int_min(long long x)
{
    return x - 10000000000000LL;
}

static long long offset_from_3e9(long long x)
{
    return x - 3000000000LL;
}

/* What the earlier calls of a test returned, all right (a test stops at its
 * first wrong answer): what a total kept from call to call adds. */
static long long earlier_sums;

static const char *SUM_RACE;

/* The idea for a wrong sum of f over first..last: a known mistake when the
 * numbers are exactly what it gives (ideas.h); else, when `retry` is set,
 * the same call again, and a race when its answer differs; else none. */
static const char *sum_idea(long long (*f)(long long), long long first, long long last,
                            long long got, long long want, int team, int retry)
{
    static char raced[512];
    if (first > last)
        return got == earlier_sums && got != 0
            ? " Idea: that is what the earlier calls returned: the total goes on from "
              "the previous call. It must start at 0 in every call (a `static` total, "
              "or one declared outside the function, keeps its value)."
            : " Idea: an empty range (last < first) has nothing to add: the sum is 0.";
    const char *idea = wb_sum_idea(got, want, f(first), f(last), team, earlier_sums);
    long long again = got;
    for (int i = 0; retry && i < 3 && !*idea && again == got; i++)
        again = sum_reduction(f, first, last);
    if (!*idea && again != got) {
        snprintf(raced, sizeof raced, " The same call again returned %lld: the answer "
                 "changes from run to run.%s", again, SUM_RACE);
        idea = raced;
    }
    return idea;
}

static void check_sum(long long first, long long last, long long expected)
{
    long long got = sum_reduction(square, first, last);
    cr_assert_eq(got, expected, "sum_reduction(square, %lld, %lld) should be %lld, got "
                 "%lld.%s", first, last, expected, got,
                 sum_idea(square, first, last, got, expected, omp_get_max_threads(), 1));
    earlier_sums += got;
}

WB_TEST(races_and_reduction, sum_matches_formula)
{
    check_sum(1, 5000, 41679167500LL);
    check_sum(1, 20, 2870);
    check_sum(7, 7, 49);
    check_sum(5, 4, 0);
    check_sum(-50, 50, 2 * wb_sum_of_squares(1, 50));
    for (int round = 0; round < 3; round++) {
        long long first = wb_random_between(0, 5000);
        long long last = first + wb_random_between(0, 100000);
        check_sum(first, last, wb_sum_of_squares(first, last));
    }
    long long base = 3000000000LL;
    long long high = base + wb_random_between(100, 5000);
    {
        long long want = (high - base) * (high - base + 1) / 2;
        long long past = sum_reduction(offset_from_3e9, base, high);
        /* Every call before this one was right: a wrong sum here, where the
         * items pass INT_MAX, points at the loop counter. */
        const char *idea = sum_idea(offset_from_3e9, base, high, past, want,
                                    omp_get_max_threads(), 0);
        cr_assert_eq(past, want, "sum_reduction(x - 3000000000, %lld, %lld) should be "
                     "%lld, got %lld.%s", base, high, want, past,
                     *idea ? idea : " Idea: these items are past INT_MAX: first and last "
                     "are long long; so must the loop counter be.");
        earlier_sums += past;
    }
    long long got = sum_reduction(square, 1, 3000000);
    cr_assert_eq(got, wb_sum_of_squares(1, 3000000),
                 "sum_reduction(square, 1, 3000000) should be %lld, got %lld (the sum is "
                 "near 9e18, which only a 64-bit total holds).%s",
                 wb_sum_of_squares(1, 3000000), got,
                 sum_idea(square, 1, 3000000, got, wb_sum_of_squares(1, 3000000),
                          omp_get_max_threads(), 1));
}

static const char *SUM_RACE =
    " Idea: threads that add to one shared total lose each other's additions (a "
    "data race); reduction(+:total) gives each thread its own total and adds "
    "them up at the end.";

static void sum_collision(int round, int threads)
{
    long long n = threads * wb_random_between(50, 400);
    long long first = wb_random_between(0, 1000);
    wb_collision_plan(first, n, threads, round);
    omp_set_num_threads(threads);
    wb_collision.on = 1;
    long long got = sum_reduction(colliding_square, first, first + n - 1);
    wb_collision.on = 0;
    long long want = wb_sum_of_squares(first, first + n - 1);
    long long a2 = wb_collision.a * wb_collision.a, b2 = wb_collision.b * wb_collision.b;
    /* Exactly one of the two colliding additions missing: the race. Else
     * a known mistake; else the same collision again, and the race when
     * the answer changes. */
    int lost_one = got == want - a2 || got == want - b2;
    const char *idea = lost_one ? SUM_RACE
        : sum_idea(square, first, first + n - 1, got, want, threads, 0);
    long long again = got;
    for (int retry = 0; retry < 3 && got != want && !*idea && again == got; retry++) {
        wb_collision_plan(first, n, threads, round);
        wb_collision.on = 1;
        again = sum_reduction(colliding_square, first, first + n - 1);
        wb_collision.on = 0;
    }
    static char raced[480];
    if (!*idea && again != got) {
        snprintf(raced, sizeof raced, " The same call again returned %lld: the answer "
                 "changes from run to run.%s", again, SUM_RACE);
        idea = raced;
    }
    cr_assert_eq(got, want,
                 "sum_reduction(f, %lld, %lld) with %d threads, round %d: expected "
                 "%lld, got %lld (%lld less). In this round f made the threads "
                 "adding %lld*%lld and %lld*%lld do so at the same instant.%s%s",
                 first, first + n - 1, threads, round + 1, want, got, want - got,
                 wb_collision.a, wb_collision.a, wb_collision.b, wb_collision.b,
                 lost_one ? " That sum lacks one of them." : "", idea);
}

WB_TEST(races_and_reduction, sum_is_race_free)
{
    /* Long sums at 4 and 8 threads, where threads may overlap by chance ... */
    for (int round = 0; round < 4; round++) {
        int threads = round < 2 ? 4 : 8;
        long long first = wb_random_between(0, 1000);
        long long last = first + wb_random_between(100000, 300000);
        omp_set_num_threads(threads);
        long long got = sum_reduction(square, first, last);
        long long want = wb_sum_of_squares(first, last);
        cr_assert_eq(got, want,
                     "sum_reduction(square, %lld, %lld) with %d threads: expected "
                     "%lld, got %lld (%lld %s).%s", first, last, threads, want, got,
                     got < want ? want - got : got - want, got < want ? "less" : "more",
                     sum_idea(square, first, last, got, want, threads, 1));
        earlier_sums += got;
    }
    /* ... and short ones where two threads add at the same instant. */
    wb_collision_rounds(sum_collision, 100, 20);
}

/* --- histogram -------------------------------------------------------------- */

/* The bin functions take no bin count, so the current one lives here. */
static int bins_now;

static int last_digit_of_square(long i)
{
    return (int)(i * i % 10);
}

static int scattered(long i)
{
    return (int)((unsigned long)i * 2654435761UL % 1000003UL % (unsigned long)bins_now);
}

static int blocks_of_seven(long i)
{
    return (int)(i / 7 % bins_now);
}

/* scattered, except that the two colliding items both go to bin 0. */
static int colliding_bin(long i)
{
    if (i == wb_collision.a || i == wb_collision.b) {
        wb_collide_at(i);
        return 0;
    }
    return scattered(i);
}

static const long GARBAGE = -424242;

static void check_histogram(int (*bin_of)(long), const char *name, long n, int nbins,
                            int threads)
{
    long *counts = malloc((size_t)(nbins + 1) * sizeof *counts);
    cr_assert(counts, "out of memory");
    bins_now = nbins;
    for (int b = 0; b <= nbins; b++)
        counts[b] = GARBAGE;
    if (threads) {
        omp_set_num_threads(threads);
        wb_collision.on = bin_of == colliding_bin;
    }
    histogram(bin_of, n, nbins, counts);
    wb_collision.on = 0;
    /* The answer key is made after the call: no memory the code under test
     * could reach while it ran holds it. */
    long *expected = calloc((size_t)nbins, sizeof *expected);
    cr_assert(expected, "out of memory");
    for (long i = 0; i < n; i++)
        expected[bin_of(i)]++;
    for (int b = 0; b < nbins; b++) {
        if (counts[b] == expected[b])
            continue;
        /* What the wrong counts say: bins never set to 0, the last i left
         * out (all counts those of 0..n-2), or, with a team, a race: the
         * same call again counts differently. */
        const char *idea = threads ? "." : ". Idea: every i from 0 to n - 1 is counted "
                                           "once, in the bin bin_of(i) names.";
        int one_short = n > 0;
        for (int c = 0; c < nbins && one_short; c++)
            one_short = counts[c] == expected[c] - (bin_of(n - 1) == c);
        if (counts[b] == GARBAGE)
            idea = " (never written): every bin is set, 0 when no i falls in it.";
        else if (counts[b] - expected[b] == GARBAGE)
            idea = " (counts must start from 0: set them to 0 first).";
        else if (one_short)
            idea = ", the counts of i from 0 to n - 2. Idea: the loop stops one i short: "
                   "i runs from 0 to n - 1 (i < n).";
        else {
            long *again = malloc((size_t)(nbins + 1) * sizeof *again);
            cr_assert(again, "out of memory");
            for (int c = 0; c <= nbins; c++)
                again[c] = GARBAGE;
            histogram(bin_of, n, nbins, again);
            long twice = again[b];
            free(again);
            if (twice != counts[b])
                idea = ". The same call again counted differently. Idea: two threads "
                       "that do counts[b]++ on the same bin at once lose one of the "
                       "increments; `#pragma omp atomic` makes each increment happen "
                       "as a whole.";
        }
        if (threads)
            cr_assert_fail("histogram(%s, %ld, %d, counts) with %d thread%s: counts[%d] "
                           "should be %ld, got %ld (%ld %s)%s%s", name, n, nbins,
                           threads, WB_PLURAL(threads), b, expected[b], counts[b],
                           labs(expected[b] - counts[b]),
                           counts[b] < expected[b] ? "lost" : "too many",
                           bin_of == colliding_bin
                               ? "; in this call two threads counted into bin 0 at the"
                                 " same instant" : "",
                           idea);
        cr_assert_fail("histogram(%s, %ld, %d, counts): counts[%d] should be %ld, got "
                       "%ld%s", name, n, nbins, b, expected[b], counts[b], idea);
    }
    cr_assert_eq(counts[nbins], GARBAGE,
                 "histogram(%s, %ld, %d, counts) wrote counts[%d], past the last "
                 "bin. Idea: the bins are 0 to nbins - 1.", name, n, nbins, nbins);
    free(expected);
    free(counts);
}


WB_TEST(races_and_reduction, histogram_counts)
{
    check_histogram(last_digit_of_square, "last_digit_of_square", 1000, 10, 0);
    check_histogram(last_digit_of_square, "last_digit_of_square", 1, 10, 0);
    check_histogram(last_digit_of_square, "last_digit_of_square", 0, 10, 0);
    check_histogram(scattered, "scattered", 5000, 7, 0);
    check_histogram(blocks_of_seven, "blocks_of_seven", 999, 3, 0);
    check_histogram(scattered, "scattered", wb_random_between(10000, 100000),
                    (int)wb_random_between(1, 40), 0);
    check_histogram(blocks_of_seven, "blocks_of_seven", wb_random_between(100, 5000),
                    (int)wb_random_between(2, 12), 0);
    check_histogram(scattered, "scattered", wb_random_between(10000, 100000),
                    (int)wb_random_between(65, 5000), 0);
}

static void histogram_collision(int round, int threads)
{
    long n = threads * wb_random_between(50, 400);
    wb_collision_plan(0, n, threads, round);
    check_histogram(colliding_bin, "bin_of", n, (int)wb_random_between(1, 4), threads);
}

WB_TEST(races_and_reduction, histogram_is_race_free)
{
    /* Many items into few bins at 4 and 8 threads: the threads keep hitting
     * the same counters ... */
    for (int round = 0; round < 4; round++) {
        int threads = round < 2 ? 4 : 8;
        long n = wb_random_between(100000, 200000);
        if (round % 2 == 0)
            check_histogram(scattered, "scattered", n, 1 + round / 2, threads);
        else
            check_histogram(blocks_of_seven, "blocks_of_seven", n, 3, threads);
    }
    /* ... and short calls where two threads count into bin 0 at the same
     * instant. */
    wb_collision_rounds(histogram_collision, 100, 20);
}

/* --- best_item ---------------------------------------------------------------- */

/* The answer computed one item at a time. */
static struct best best_serially(map_fn f, long long first, long long last)
{
    struct best best = {f(first), first};
    for (long long x = first + 1; x <= last; x++) {
        long long value = f(x);
        if (value > best.value) {
            best.value = value;
            best.item = x;
        }
    }
    return best;
}

/* When the value is right and only the item is wrong, the items tie: the
 * mistake is the tie rule, whatever else the test was after. */
static const char *TIE_RULE =
    "the value is right but the item is not: several items give that value, and "
    "the smallest of them must win. When a value equals the best, compare the "
    "items too (v == best.value && x < best.item), in the update and wherever "
    "two threads' bests are merged.";

static const char *idea_for(struct best got, struct best want, const char *idea)
{
    return got.value == want.value && got.item != want.item ? TIE_RULE : idea;
}

static void check_best(map_fn f, const char *name, long long first, long long last,
                       const char *idea)
{
    struct best want = best_serially(f, first, last);
    struct best got = best_item(f, first, last);
    cr_assert(got.value == want.value && got.item == want.item,
              "best_item(%s, %lld, %lld) should be {value %lld, item %lld}, got "
              "{value %lld, item %lld}. Idea: %s", name, first, last, want.value,
              want.item, got.value, got.item, idea_for(got, want, idea));
}

static long long hashed(long long x)
{
    return (long long)((unsigned long long)x * 2654435761ULL % 1000003ULL);
}

static long long mod_seven(long long x)
{
    return ((x % 7) + 7) % 7;
}

static long long negated(long long x)
{
    return -x;
}

static long long plateau(long long x)
{
    return x < 300 ? x : 300;
}

/* Every item past thread 0's block ties: the first of them wins, whichever
 * thread merges its own best first. */
static long long tie_from;
static long long tied_after_block_0(long long x)
{
    return x >= tie_from ? 7 : 0;
}

static const char *LARGEST = "the largest value wins, whichever thread finds it.";
static const char *TIES = "when several items give the largest value, the smallest "
                          "item wins, whichever thread saw it first.";

WB_TEST(races_and_reduction, best_item_finds_the_best)
{
    check_best(square, "square", 1, 5000, LARGEST);
    check_best(square, "square", -100, 40, LARGEST);
    check_best(negated, "negated", -20, 20, LARGEST);
    check_best(negated, "negated", 1, 1000, "every value is negative here: the best "
               "starts below every possible value (LLONG_MIN), not at 0.");
    check_best(far_below_int_min, "x - 10^13", 1, 1000, "every value is below INT_MIN: "
               "the best starts at LLONG_MIN, not INT_MIN.");
    check_best(offset_from_3e9, "x - 3000000000", 3000000000LL, 3000002000LL,
               "first and last are long long; so must the loop counter be.");
    check_best(hashed, "hashed", 1, 100000, LARGEST);
    check_best(hashed, "hashed", 42, 42, "a range of one item has that item as its best.");
    check_best(mod_seven, "mod_seven", 1, 100, TIES);
    check_best(mod_seven, "mod_seven", -30, 1000, TIES);
    check_best(plateau, "plateau", 1, 5000, TIES);
    for (int round = 0; round < 60; round++) {
        int threads = 3 + round % 2;
        omp_set_num_threads(threads);
        tie_from = round + 10;     /* items round .. round + 10 * threads - 1 */
        check_best(tied_after_block_0, "f (7 from thread 1's block on)", round,
                   round + 10L * threads - 1, TIES);
    }
    long long first = wb_random_between(-100000, 100000);
    check_best(hashed, "hashed", first, first + wb_random_between(1000, 200000), LARGEST);
    first = wb_random_between(-1000, 1000);
    check_best(mod_seven, "mod_seven", first, first + wb_random_between(10, 5000), TIES);
}

/*
 * The duel. Every item gives the same low value except the two colliding
 * items: one carries the answer, the other the runner-up (a smaller value,
 * or the same value on a larger item). Both threads compare against the same
 * old best at the same instant, both see a better value, and both write:
 * code that does not protect the comparison together with the two
 * assignments keeps the runner-up, or half of each, in many rounds.
 */
static struct {
    long long winner, value_winner, value_other, low;
} duel;

static long long duel_f(long long x)
{
    wb_collide_at(x);
    if (x == duel.winner)
        return duel.value_winner;
    if (x == wb_collision.a || x == wb_collision.b)
        return duel.value_other;
    return duel.low;
}

static void duel_round(int round, int threads)
{
    long long n = threads * wb_random_between(20, 100);
    long long first = wb_random_between(-1000, 1000), last = first + n - 1;
    wb_collision_plan(first, n, threads, round);
    duel.low = wb_random_between(-1000, 1000);
    duel.value_winner = duel.low + wb_random_between(2, 1000000);
    int kind = (int)wb_random_between(0, 2);
    if (kind == 0) {
        /* A tie: the smaller item wins. */
        duel.winner = wb_collision.a;
        duel.value_other = duel.value_winner;
    } else {
        duel.winner = kind == 1 ? wb_collision.a : wb_collision.b;
        duel.value_other = duel.value_winner - 1;
    }
    /* Which thread leaves first, and by how much, decides whether the
     * runner-up writes last; the best offset depends on the machine, so
     * the rounds try a spread of them. */
    long long loser = duel.winner == wb_collision.a ? wb_collision.b : wb_collision.a;
    long long lag = round % 2 ? 0 : wb_random_between(-300, 300);
    wb_collision.late = lag >= 0 ? loser : duel.winner;
    wb_collision.lag_ns = lag >= 0 ? lag : -lag;

    struct best want = {duel.value_winner, duel.winner};
    omp_set_num_threads(threads);
    wb_collision.on = 1;
    struct best got = best_item(duel_f, first, last);
    wb_collision.on = 0;
    if (got.item >= first && got.item <= last && duel_f(got.item) != got.value)
        cr_assert_fail("best_item(f, %lld, %lld) with %d threads, round %d, returned "
                       "{value %lld, item %lld}, but f(%lld) is %lld: the value of one "
                       "update and the item of another. Idea: two variables that "
                       "change together must change inside one `#pragma omp "
                       "critical`.", first, last, threads, round + 1, got.value,
                       got.item, got.item, duel_f(got.item));
    cr_assert(got.value == want.value && got.item == want.item,
              "best_item(f, %lld, %lld) with %d threads, round %d: expected {value "
              "%lld, item %lld}, got {value %lld, item %lld}. In this round f made "
              "the threads handling items %lld and %lld compare with the best at the "
              "same instant. Idea: %s",
              first, last, threads, round + 1, want.value, want.item, got.value,
              got.item, wb_collision.a, wb_collision.b,
              idea_for(got, want, "a thread that compares, then writes, can overwrite "
                                  "a better answer written in between; the comparison "
                                  "and both assignments must be one `#pragma omp "
                                  "critical`."));
}

/* f increases with x, so nearly every item is a new best and every thread
 * keeps writing: the last few writes decide the answer. */
static long long rising(long long x)
{
    return 3 * x + 1;
}

/* The same, flattened in steps of 5: ties everywhere, the smallest item of
 * the top step wins. */
static long long rising_steps(long long x)
{
    return x / 5;
}

WB_TEST(races_and_reduction, best_item_is_race_free)
{
    /* On some machines unprotected updates go wrong in only a few percent
     * of the duels, so there are many; each takes some 50 us. */
    wb_collision_rounds(duel_round, 600, 40);
    for (int round = 0; round < 8; round++) {
        omp_set_num_threads(round < 4 ? 4 : 8);
        long long first = wb_random_between(0, 1000);
        long long last = first + wb_random_between(1000, 20000);
        check_best(round % 2 ? rising : rising_steps,
                   round % 2 ? "rising" : "rising_steps", first, last,
                   "the comparison and both assignments must be one `#pragma omp "
                   "critical`, or another thread's update slips in between.");
    }
}

/* --- every call runs in a team ---------------------------------------------- */

static struct wb_calls *calls;
static long long recorded_first;

static long long recorded_square(long long x)
{
    wb_calls_record(calls, (long)(x - recorded_first));
    return x * x;
}

static int recorded_bin(long i)
{
    wb_calls_record(calls, i);
    return (int)(i % 3);
}

/* Checks the record in `calls`, where slot i stands for item offset + i. */
static void check_team(const char *call, long n, long offset, int threads)
{
    (void)n;
    long bad = wb_calls_first_not_once(calls);
    cr_assert_eq(bad, -1, "%s with %d thread%s: %s", call, threads, WB_PLURAL(threads),
                 wb_once_text(calls, bad, offset, threads, "the parallel loop divides the "
                              "items among the threads; each item is handled once."));
    cr_assert_eq(wb_calls_max_team(calls), threads,
                 "%s after omp_set_num_threads(%d): the calls ran in a team of %d "
                 "thread%s, expected %d. Idea: the work runs in a parallel loop "
                 "(compiled with -fopenmp); protecting shared data does not mean "
                 "running alone.", call, threads, wb_calls_max_team(calls),
                 WB_PLURAL(wb_calls_max_team(calls)), threads);
    wb_assert_kernel_threads(calls, threads, "%s with %d threads", call, threads);
    wb_calls_free(calls);
}

WB_TEST(races_and_reduction, each_call_uses_the_team)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    char call[128];
    for (size_t i = 0; i < 2 * k; i++) {
        int threads = counts[i / 2];
        omp_set_num_threads(threads);
        long low = i % 2 ? 2 * threads : 500, high = i % 2 ? 300 : 3000;

        long n = wb_random_between(low, high);
        calls = wb_calls_new(n);
        recorded_first = 1;
        long long total = sum_reduction(recorded_square, 1, n);
        snprintf(call, sizeof call, "sum_reduction(f, 1, %ld)", n);
        cr_assert_eq(total, wb_sum_of_squares(1, n), "%s with %d thread%s: expected %lld, "
                     "got %lld.%s", call, threads, WB_PLURAL(threads),
                     wb_sum_of_squares(1, n), total,
                     sum_idea(square, 1, n, total, wb_sum_of_squares(1, n), threads, 1));
        earlier_sums += total;
        check_team(call, n, 1, threads);

        n = wb_random_between(low, high);
        calls = wb_calls_new(n);
        long counts3[3];
        histogram(recorded_bin, n, 3, counts3);
        snprintf(call, sizeof call, "histogram(bin_of, %ld, 3, counts)", n);
        check_team(call, n, 0, threads);

        n = wb_random_between(low < 16 ? 16 : low, high);
        calls = wb_calls_new(n);
        recorded_first = -7;
        struct best best = best_item(recorded_square, -7, -7 + n - 1);
        snprintf(call, sizeof call, "best_item(f, -7, %ld)", -7 + n - 1);
        cr_assert(best.value == (n - 8) * (n - 8) && best.item == n - 8,
                  "%s with %d threads: expected {value %ld, item %ld}, got {value "
                  "%lld, item %lld}. Idea: the largest f(x) and its item, whichever "
                  "thread finds it.", call, threads, (n - 8) * (n - 8), n - 8,
                  best.value, best.item);
        check_team(call, n, -7, threads);
    }
}
