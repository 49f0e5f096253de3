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
#include "grading.h"
#include "races.h"

#include <omp.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

TestSuite(races_and_reduction, .init = wb_setup, .fini = wb_teardown,
          .timeout = WB_TIMEOUT);

/* --- Making two threads collide -------------------------------------------
 * A data race does harm only when two threads update the same variable at
 * the same instant, and on a busy 2-core machine the threads of a short loop
 * often run one after the other. So the race tests arrange the instant:
 *
 *  - a collision picks two items, a and b, in the shares of two different
 *    threads (under the default static schedule); the test's f, or bin_of,
 *    calls collide_at(x) for every item;
 *  - the two threads are pinned to CPUs of their own, as the system would
 *    otherwise often run both on one core, one after the other;
 *  - the first of the two calls waits, spinning, for the other; it then
 *    sets a release time 2 us ahead, and both spin until it, so that both
 *    return and update the shared result at the same instant (one of them
 *    lag_ns later, as the best offset depends on the machine);
 *  - each call notes when it left: if one of the threads was not running
 *    at the release, the collision did not really happen and is not counted.
 */
static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The CPUs this process may run on, read before any pinning. */
static int cpu_list[256];
static int cpu_count;

static void read_cpus(void)
{
    cpu_set_t set;
    if (cpu_count || sched_getaffinity(0, sizeof set, &set) != 0)
        return;
    for (int c = 0; c < CPU_SETSIZE && cpu_count < 256; c++)
        if (CPU_ISSET(c, &set))
            cpu_list[cpu_count++] = c;
}

static int cpu_of_thread(int thread)
{
    return cpu_count ? cpu_list[thread % cpu_count] : 0;
}

static void pin_this_thread(void)
{
    static _Thread_local int pinned = -1;
    int cpu = cpu_of_thread(omp_get_thread_num());
    if (cpu_count < 2 || cpu == pinned)
        return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) == 0)
        pinned = cpu;
}

static struct {
    long long a, b;              /* the two items, a < b */
    long long late, lag_ns;      /* `late` (a or b) leaves lag_ns later */
    int on;                      /* 0 while the test computes its expected answer */
    atomic_int arrived;
    atomic_int second_here;
    atomic_llong release;        /* 0: not yet; -1: the first call gave up */
    atomic_llong left[2];        /* when each call left */
} collision;

static void collide_at(long long x)
{
    if (!collision.on || (x != collision.a && x != collision.b))
        return;
    pin_this_thread();
    int order = atomic_fetch_add(&collision.arrived, 1);
    if (order > 1)
        return;
    long long give_up = now_ns() + 2000000, release;
    if (order == 0) {
        /* If the other item is on this same thread, or its thread does not
         * get to run, go on alone after 2 ms. */
        while (!atomic_load(&collision.second_here))
            if (now_ns() > give_up) {
                atomic_store(&collision.release, -1);
                return;
            }
        release = now_ns() + 2000;
        atomic_store(&collision.release, release);
    } else {
        atomic_store(&collision.second_here, 1);
        while (!(release = atomic_load(&collision.release)))
            if (now_ns() > give_up)
                return;
        if (release < 0)
            return;
    }
    if (x == collision.late)
        release += collision.lag_ns;
    long long left;
    while ((left = now_ns()) < release)
        continue;
    atomic_store(&collision.left[order], left);
}

/* Both calls left together: both threads were running at the release. */
static int collision_happened(void)
{
    long long left0 = atomic_load(&collision.left[0]);
    long long left1 = atomic_load(&collision.left[1]);
    long long gap = left0 > left1 ? left0 - left1 : left1 - left0;
    return left0 > 0 && left1 > 0 && gap < 500 + collision.lag_ns;
}

/* Item number `offset` (modulo its length) of thread `block`'s share of n
 * items from first, under the default static schedule, which both runtimes
 * split the same way. */
static long long item_in_block(long long first, long long n, int threads, int block,
                               long long offset)
{
    long long size = n / threads, extra = n % threads;
    long long start = block * size + (block < extra ? block : extra);
    long long length = size + (block < extra);
    return first + start + offset % length;
}

/* Plans a collision between two items of n from first, in the shares of two
 * threads that run on different CPUs. */
static void collision_plan(long long first, long long n, int threads, int round)
{
    int block_a = (int)wb_random_between(0, threads - 1), block_b;
    do
        block_b = (int)wb_random_between(0, threads - 1);
    while (block_b == block_a ||
           (cpu_count >= 2 && cpu_of_thread(block_b) == cpu_of_thread(block_a)));
    long long a = item_in_block(first, n, threads, block_a, wb_random_between(0, n));
    long long b = item_in_block(first, n, threads, block_b, wb_random_between(0, n));
    collision.a = a < b ? a : b;
    collision.b = a < b ? b : a;
    collision.late = round % 8 < 4 ? collision.b : collision.a;
    collision.lag_ns = round % 4 * 20;   /* 0, 20, 40 or 60 ns */
    collision.on = 0;
    atomic_store(&collision.arrived, 0);
    atomic_store(&collision.second_here, 0);
    atomic_store(&collision.release, 0);
    atomic_store(&collision.left[0], 0);
    atomic_store(&collision.left[1], 0);
}

/*
 * Runs one_round(round, threads) with 2 threads until `wanted` collisions
 * really happened (in at most 5 * wanted rounds), then `at_four` rounds with
 * 4 threads and as many with 8. The team sizes come in runs because changing
 * the team size between two parallel regions is slow with libgomp. A team
 * size is given up after 50 rounds in a row without a collision: the code
 * under test does not run two threads at once, and more rounds would only
 * take time.
 */
static void collision_rounds(void (*one_round)(int round, int threads), int wanted,
                             int at_four)
{
    read_cpus();
    int round = 0, happened = 0, missed = 0;
    for (int i = 0; happened < wanted && i < 5 * wanted && missed < 50; i++) {
        one_round(round++, 2);
        if (collision_happened())
            happened++, missed = 0;
        else
            missed++;
    }
    for (int threads = 4; threads <= 8; threads *= 2) {
        missed = 0;
        for (int i = 0; i < at_four && missed < 50; i++) {
            one_round(round++, threads);
            missed = collision_happened() ? 0 : missed + 1;
        }
    }
}

/* --- sum_reduction -------------------------------------------------------- */

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

/* The sum of x*x for first <= x <= last, with 0 <= first. */
static long long sum_of_squares(long long first, long long last)
{
    if (last < first)
        return 0;
    return squares_up_to(last) - (first > 0 ? squares_up_to(first - 1) : 0);
}

static long long colliding_square(long long x)
{
    collide_at(x);
    return x * x;
}

static void check_sum(long long first, long long last, long long expected)
{
    long long got = sum_reduction(square, first, last);
    cr_assert_eq(got, expected,
                 "sum_reduction(square, %lld, %lld) should be %lld, got %lld. Idea: "
                 "the sum covers every x from first to last, both included, and "
                 "is 0 for an empty range.", first, last, expected, got);
}

Test(races_and_reduction, sum_matches_formula)
{
    check_sum(1, 5000, 41679167500LL);
    check_sum(1, 20, 2870);
    check_sum(7, 7, 49);
    check_sum(5, 4, 0);
    check_sum(-50, 50, 2 * sum_of_squares(1, 50));
    for (int round = 0; round < 3; round++) {
        long long first = wb_random_between(0, 5000);
        long long last = first + wb_random_between(0, 100000);
        check_sum(first, last, sum_of_squares(first, last));
    }
    long long got = sum_reduction(square, 1, 3000000);
    cr_assert_eq(got, sum_of_squares(1, 3000000),
                 "sum_reduction(square, 1, 3000000) should be %lld, got %lld. Idea: "
                 "this sum is near 9e18; an int total overflows, a long long one "
                 "does not.", sum_of_squares(1, 3000000), got);
}

static const char *SUM_RACE =
    "Idea: threads that add to one shared total lose each other's additions (a "
    "data race); reduction(+:total) gives each thread its own total and adds "
    "them up at the end.";

static void sum_collision(int round, int threads)
{
    long long n = threads * wb_random_between(50, 400);
    long long first = wb_random_between(0, 1000);
    collision_plan(first, n, threads, round);
    omp_set_num_threads(threads);
    collision.on = 1;
    long long got = sum_reduction(colliding_square, first, first + n - 1);
    collision.on = 0;
    long long want = sum_of_squares(first, first + n - 1);
    cr_assert_eq(got, want,
                 "sum_reduction(f, %lld, %lld) with %d threads, round %d: expected "
                 "%lld, got %lld (%lld less). In this round f made the threads "
                 "adding %lld*%lld and %lld*%lld do so at the same instant. %s",
                 first, first + n - 1, threads, round + 1, want, got, want - got,
                 collision.a, collision.a, collision.b, collision.b, SUM_RACE);
}

Test(races_and_reduction, sum_is_race_free)
{
    /* Long sums at 4 and 8 threads, where threads may overlap by chance ... */
    for (int round = 0; round < 4; round++) {
        int threads = round < 2 ? 4 : 8;
        long long first = wb_random_between(0, 1000);
        long long last = first + wb_random_between(100000, 300000);
        omp_set_num_threads(threads);
        long long got = sum_reduction(square, first, last);
        cr_assert_eq(got, sum_of_squares(first, last),
                     "sum_reduction(square, %lld, %lld) with %d threads: expected "
                     "%lld, got %lld (%lld less). %s", first, last, threads,
                     sum_of_squares(first, last), got, sum_of_squares(first, last) - got,
                     SUM_RACE);
    }
    /* ... and short ones where two threads add at the same instant. */
    collision_rounds(sum_collision, 100, 20);
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
    if (i == collision.a || i == collision.b) {
        collide_at(i);
        return 0;
    }
    return scattered(i);
}

static const long GARBAGE = -424242;

static void check_histogram(int (*bin_of)(long), const char *name, long n, int nbins,
                            int threads)
{
    long *counts = malloc((size_t)(nbins + 1) * sizeof *counts);
    long *expected = calloc((size_t)nbins, sizeof *expected);
    cr_assert(counts && expected, "out of memory");
    bins_now = nbins;
    for (long i = 0; i < n; i++)
        expected[bin_of(i)]++;
    for (int b = 0; b <= nbins; b++)
        counts[b] = GARBAGE;
    if (threads) {
        omp_set_num_threads(threads);
        collision.on = bin_of == colliding_bin;
    }
    histogram(bin_of, n, nbins, counts);
    collision.on = 0;
    for (int b = 0; b < nbins; b++) {
        if (counts[b] == expected[b])
            continue;
        if (threads)
            cr_assert_fail("histogram(%s, %ld, %d, counts) with %d threads: counts[%d] "
                           "should be %ld, got %ld (%ld lost). Idea: two threads that "
                           "do counts[b]++ on the same bin at once lose one of the "
                           "increments; `#pragma omp atomic` makes each increment "
                           "happen as a whole.%s", name, n, nbins, threads, b,
                           expected[b], counts[b], expected[b] - counts[b],
                           bin_of == colliding_bin
                               ? " (In this call two threads counted into bin 0 at the"
                                 " same instant.)" : "");
        cr_assert_fail("histogram(%s, %ld, %d, counts): counts[%d] should be %ld, got "
                       "%ld%s. Idea: every i from 0 to n - 1 is counted once, in "
                       "the bin bin_of(i) names.", name, n, nbins, b, expected[b],
                       counts[b], counts[b] - expected[b] == GARBAGE
                           ? " (counts must start from 0: set them to 0 first)" : "");
    }
    cr_assert_eq(counts[nbins], GARBAGE,
                 "histogram(%s, %ld, %d, counts) wrote counts[%d], past the last "
                 "bin. Idea: the bins are 0 to nbins - 1.", name, n, nbins, nbins);
    free(expected);
    free(counts);
}

Test(races_and_reduction, histogram_counts)
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
}

static void histogram_collision(int round, int threads)
{
    long n = threads * wb_random_between(50, 400);
    collision_plan(0, n, threads, round);
    check_histogram(colliding_bin, "bin_of", n, (int)wb_random_between(1, 4), threads);
}

Test(races_and_reduction, histogram_is_race_free)
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
    collision_rounds(histogram_collision, 100, 20);
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

static void check_best(map_fn f, const char *name, long long first, long long last,
                       const char *idea)
{
    struct best want = best_serially(f, first, last);
    struct best got = best_item(f, first, last);
    cr_assert(got.value == want.value && got.item == want.item,
              "best_item(%s, %lld, %lld) should be {value %lld, item %lld}, got "
              "{value %lld, item %lld}. Idea: %s", name, first, last, want.value,
              want.item, got.value, got.item, idea);
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

static const char *LARGEST = "the largest value wins, whichever thread finds it.";
static const char *TIES = "when several items give the largest value, the smallest "
                          "item wins, whichever thread saw it first.";

Test(races_and_reduction, best_item_finds_the_best)
{
    check_best(square, "square", 1, 5000, LARGEST);
    check_best(square, "square", -100, 40, LARGEST);
    check_best(negated, "negated", -20, 20, LARGEST);
    check_best(hashed, "hashed", 1, 100000, LARGEST);
    check_best(hashed, "hashed", 42, 42, "a range of one item has that item as its best.");
    check_best(mod_seven, "mod_seven", 1, 100, TIES);
    check_best(mod_seven, "mod_seven", -30, 1000, TIES);
    check_best(plateau, "plateau", 1, 5000, TIES);
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
    collide_at(x);
    if (x == duel.winner)
        return duel.value_winner;
    if (x == collision.a || x == collision.b)
        return duel.value_other;
    return duel.low;
}

static void duel_round(int round, int threads)
{
    long long n = threads * wb_random_between(20, 100);
    long long first = wb_random_between(-1000, 1000), last = first + n - 1;
    collision_plan(first, n, threads, round);
    duel.low = wb_random_between(-1000, 1000);
    duel.value_winner = duel.low + wb_random_between(2, 1000000);
    int kind = (int)wb_random_between(0, 2);
    if (kind == 0) {
        /* A tie: the smaller item wins. */
        duel.winner = collision.a;
        duel.value_other = duel.value_winner;
    } else {
        duel.winner = kind == 1 ? collision.a : collision.b;
        duel.value_other = duel.value_winner - 1;
    }
    /* Which thread leaves first, and by how much, decides whether the
     * runner-up writes last; the best offset depends on the machine, so
     * the rounds try a spread of them. */
    long long loser = duel.winner == collision.a ? collision.b : collision.a;
    long long lag = round % 2 ? 0 : wb_random_between(-300, 300);
    collision.late = lag >= 0 ? loser : duel.winner;
    collision.lag_ns = lag >= 0 ? lag : -lag;

    struct best want = {duel.value_winner, duel.winner};
    omp_set_num_threads(threads);
    collision.on = 1;
    struct best got = best_item(duel_f, first, last);
    collision.on = 0;
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
              "same instant. Idea: a thread that compares, then writes, can "
              "overwrite a better answer written in between; the comparison and "
              "both assignments must be one `#pragma omp critical`.",
              first, last, threads, round + 1, want.value, want.item, got.value,
              got.item, collision.a, collision.b);
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

Test(races_and_reduction, best_item_is_race_free)
{
    /* On some machines unprotected updates go wrong in only a few percent
     * of the duels, so there are many; each takes some 50 us. */
    collision_rounds(duel_round, 600, 40);
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
    long bad = wb_calls_first_not_once(calls);
    cr_assert_eq(bad, -1,
                 "%s with %d threads: item %ld was handled %d times, expected exactly "
                 "once%s. Idea: the parallel loop divides the items among the "
                 "threads; each item is handled once.", call, threads, offset + bad,
                 bad >= 0 && bad < n ? calls->count[bad] : 0,
                 bad == n ? " (an item outside the range was handled)" : "");
    cr_assert_eq(wb_calls_max_team(calls), threads,
                 "%s after omp_set_num_threads(%d): the calls ran in a team of %d "
                 "threads, expected %d. Idea: the work runs in a parallel loop "
                 "(compiled with -fopenmp); protecting shared data does not mean "
                 "running alone.", call, threads, wb_calls_max_team(calls), threads);
    wb_calls_free(calls);
}

Test(races_and_reduction, each_call_uses_the_team)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    char call[128];
    for (size_t i = 0; i < k; i++) {
        int threads = counts[i];
        omp_set_num_threads(threads);

        long n = wb_random_between(500, 3000);
        calls = wb_calls_new(n);
        recorded_first = 1;
        long long total = sum_reduction(recorded_square, 1, n);
        snprintf(call, sizeof call, "sum_reduction(f, 1, %ld)", n);
        cr_assert_eq(total, sum_of_squares(1, n), "%s with %d threads: expected %lld, "
                     "got %lld. %s", call, threads, sum_of_squares(1, n), total, SUM_RACE);
        check_team(call, n, 1, threads);

        n = wb_random_between(500, 3000);
        calls = wb_calls_new(n);
        long counts3[3];
        histogram(recorded_bin, n, 3, counts3);
        snprintf(call, sizeof call, "histogram(bin_of, %ld, 3, counts)", n);
        check_team(call, n, 0, threads);

        n = wb_random_between(500, 3000);
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
