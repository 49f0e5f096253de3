/*
 * Graded tests for exercise 04: the same loop under four schedules.
 * Points for each test are in workbook.toml.
 */
#include "grading.h"
#include "ideas.h"
#include "schedules.h"

#include <omp.h>
#include <stdlib.h>
#include <time.h>
#include <limits.h>

TestSuite(changing_workers, .init = wb_setup, .timeout = WB_TIMEOUT);

static const char *const KIND_NAME[] = {
    "SCHEDULE_STATIC", "SCHEDULE_STATIC_CHUNKED", "SCHEDULE_DYNAMIC", "SCHEDULE_GUIDED",
};

/* --- The instrumented item function. -------------------------------------
 * It records who handled each item. Some tests also make it take time, so
 * that the threads really compete for chunks:
 *   PACE_FAST       no time at all;
 *   PACE_ALL_NAP    every item takes a short nap, whoever runs it;
 *   PACE_SLOW_ZERO  thread 0 naps 3 ms on each of its first nap_budget
 *                   items, the others are fast;
 *   PACE_TAIL_NAP   the items from tail_from on nap, the others are fast:
 *                   the large first chunks of a guided schedule end at once
 *                   and every thread shares the tail, where chunks are small.
 * Sleeping to force an interleaving is fine; nothing here measures time. */
enum pace { PACE_FAST, PACE_ALL_NAP, PACE_SLOW_ZERO, PACE_TAIL_NAP };

static struct wb_calls *calls;
static enum pace pace;
static long nap_budget;        /* PACE_SLOW_ZERO: thread 0 naps this often */
static long zero_naps;         /* naps thread 0 has taken so far */
static long tail_from;         /* PACE_TAIL_NAP: the first item that naps */

static void nap(long microseconds)
{
    struct timespec t = {0, microseconds * 1000};
    nanosleep(&t, NULL);
}

static void recorded_item(long item)
{
    wb_calls_record(calls, item);
    if (pace == PACE_ALL_NAP || (pace == PACE_TAIL_NAP && item >= tail_from)) {
        nap(100);
    } else if (pace == PACE_SLOW_ZERO && omp_get_thread_num() == 0) {
        long taken;
        #pragma omp atomic capture
        taken = zero_naps++;
        /* Only its first nap_budget items: enough for the other threads to
         * overtake it. After that the verdict is known, and a wrong
         * program need not sleep any longer. */
        if (taken < nap_budget)
            nap(3000);
    }
}

/* A default team size different from `threads`, so that a loop which
 * forgets num_threads(threads) runs in a team of the wrong size. */
static int other_default(int threads)
{
    return threads == 7 ? 5 : 7;
}

static const int SENTINEL = -77;

/*
 * Run the code under test once and check what every schedule must give:
 * each item handled exactly once, by a team of `threads`, owner[] telling
 * the truth, and nothing written past owner[n - 1]. Returns owner (free it).
 */
static int *run(long n, int threads, enum schedule_kind kind, int chunk, enum pace how)
{
    int *owner = malloc((size_t)(n + 1) * sizeof *owner);
    cr_assert(owner, "out of memory");
    for (long i = 0; i <= n; i++)
        owner[i] = SENTINEL;
    calls = wb_calls_new(n);
    pace = how;
    zero_naps = 0;
    omp_set_num_threads(other_default(threads));

    run_with_schedule(recorded_item, n, threads, kind, chunk, owner);

    const char *name = KIND_NAME[kind];
    long bad = wb_calls_first_not_once(calls);
    cr_assert_eq(bad, -1, "run_with_schedule(f, %ld, %d, %s, %d, owner): %s",
                 n, threads, name, chunk,
                 wb_once_text(calls, bad, 0, threads, "a schedule only decides WHO "
                              "handles each item 0..n-1; every item is still handled "
                              "once."));
    cr_assert_eq(owner[n], SENTINEL,
                 "run_with_schedule(f, %ld, %d, %s, %d, owner) wrote owner[%ld], one past "
                 "the end. Idea: the items are 0..n-1.", n, threads, name, chunk, n);
    if (n > 0) {
        int low = wb_calls_min_team(calls), high = wb_calls_max_team(calls);
        cr_assert(low == threads && high == threads,
                  "run_with_schedule(f, %ld, %d, %s, %d, owner) with the caller's default "
                  "at %d threads: f ran in teams of %d to %d threads, expected %d. Idea: "
                  "num_threads(threads) on the parallel loop sets its team size; without "
                  "it (or without -fopenmp) the team is the default one, or a single thread.",
                  n, threads, name, chunk, other_default(threads), low, high, threads);
    }
    for (long i = 0; i < n; i++)
        cr_assert_eq(owner[i], calls->thread[i],
                     "run_with_schedule(f, %ld, %d, %s, %d, owner): f(%ld) was called by "
                     "thread %d, but owner[%ld] is %d. Idea: owner[i] is "
                     "omp_get_thread_num() of the thread that ran f(i), read inside the loop.",
                     n, threads, name, chunk, i, calls->thread[i], i, owner[i]);
    wb_calls_free(calls);
    calls = NULL;
    return owner;
}

/* The thread that schedule(static) gives item i: one block per thread, the
 * first n % threads blocks one item longer (libgomp and libomp agree). */
static int static_owner(long i, long n, int threads)
{
    long base = n / threads, extra = n % threads;
    long cut = extra * (base + 1);          /* where the longer blocks end */
    if (i < cut)
        return (int)(i / (base + 1));
    return (int)(extra + (i - cut) / base);
}

static void check_static(long n, int threads, enum pace how)
{
    int chunk = (int)wb_random_between(2, 5);    /* must be ignored */
    int *owner = run(n, threads, SCHEDULE_STATIC, chunk, how);
    for (long i = 0; i < n; i++) {
        int want = static_owner(i, n, threads);
        cr_assert_eq(owner[i], want,
                     "run_with_schedule(f, %ld, %d, SCHEDULE_STATIC, %d, owner)%s: item "
                     "%ld went to thread %d, expected thread %d. Idea: schedule(static) "
                     "with no chunk cuts the items into one block per thread, in thread "
                     "order, the first n %% threads blocks one item longer (10 items on 4 "
                     "threads: 3 3 2 2). The blocks are fixed in advance, even when a "
                     "thread is slow, and the chunk argument is not used.",
                     n, threads, chunk, how == PACE_SLOW_ZERO ? " with f slow on thread 0" : "",
                     i, owner[i], want);
    }
    free(owner);
}

WB_TEST(changing_workers, static_blocks)
{
    check_static(20, 2, PACE_FAST);
    check_static(21, 2, PACE_FAST);
    check_static(10, 4, PACE_FAST);
    check_static(9, 4, PACE_FAST);
    check_static(0, 3, PACE_FAST);
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t i = 0; i < k; i++) {
        check_static(20, counts[i], PACE_FAST);
        check_static(wb_random_between(1, counts[i]), counts[i], PACE_FAST);
        check_static(wb_random_between(100, 5000), counts[i], PACE_FAST);
        /* Thread 0 slow for its first items: a schedule that hands out
         * work on demand would let the others take some of its block. */
        nap_budget = 4;
        check_static(wb_random_between(40, 200), counts[i], PACE_SLOW_ZERO);
    }
}

static void check_static_chunked(long n, int threads, int chunk)
{
    int *owner = run(n, threads, SCHEDULE_STATIC_CHUNKED, chunk, PACE_FAST);
    for (long i = 0; i < n; i++) {
        int want = (int)((i / chunk) % threads);
        cr_assert_eq(owner[i], want,
                     "run_with_schedule(f, %ld, %d, SCHEDULE_STATIC_CHUNKED, %d, owner): "
                     "item %ld went to thread %d, expected thread %d. Idea: "
                     "schedule(static, chunk) deals chunks of `chunk` items to the threads "
                     "in turn, like cards: chunk k goes to thread k %% threads.",
                     n, threads, chunk, i, owner[i], want);
    }
    free(owner);
}

WB_TEST(changing_workers, static_chunks_round_robin)
{
    check_static_chunked(20, 2, 3);
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t i = 0; i < k; i++) {
        check_static_chunked(20, counts[i], 1);
        check_static_chunked(wb_random_between(50, 3000), counts[i],
                             (int)wb_random_between(2, 9));
    }
}

/* Every chunk of `chunk` items that starts at a multiple of `chunk` must
 * have one owner: dynamic and static,chunk never split a chunk. */
static void check_whole_chunks(const int *owner, long n, int threads, int chunk,
                               const char *kind)
{
    for (long i = 0; i < n; i++) {
        long start = i - i % chunk;
        cr_assert_eq(owner[i], owner[start],
                     "run_with_schedule(f, %ld, %d, %s, %d, owner): items %ld and %ld are "
                     "in the same chunk (%ld..%ld) but went to threads %d and %d. Idea: a "
                     "thread takes a whole chunk of `chunk` items at a time; a chunk size "
                     "left out of the schedule clause means chunks of 1.",
                     n, threads, kind, chunk, start, i, start, start + chunk - 1,
                     owner[start], owner[i]);
    }
}

WB_TEST(changing_workers, dynamic_chunks_on_demand)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    int *owner = run(0, 2, SCHEDULE_DYNAMIC, 3, PACE_FAST);
    free(owner);
    /* Every item naps a little, so that the threads take turns. */
    for (size_t i = 0; i < k; i++) {
        int threads = counts[i];
        int chunk = (int)wb_random_between(2, 6);
        long n = wb_random_between(60, 150);
        owner = run(n, threads, SCHEDULE_DYNAMIC, chunk, PACE_ALL_NAP);
        check_whole_chunks(owner, n, threads, chunk, "SCHEDULE_DYNAMIC");
        free(owner);
    }
    /* Now thread 0 is slow: 3 ms per item, the others take no time. While
     * it works on its first chunk, the others take all the rest. There are
     * many chunks, so that thread 0 would need to be left alone for a long
     * time (at least 40 of its items, 120 ms) to reach half its static
     * share: a busy machine may delay the other threads, but not that long. */
    for (size_t i = 0; i < k; i++) {
        int threads = counts[i];
        if (threads < 2)
            continue;
        int chunk = (int)wb_random_between(2, 5);
        long chunks = 40 * threads + wb_random_between(0, threads - 1);
        long n = chunks * chunk - wb_random_between(0, chunk - 1);
        long static_share = 0;     /* thread 0's items under static, chunk */
        for (long c = 0; c < chunks; c += threads)
            static_share += (c + 1) * chunk <= n ? chunk : n - c * chunk;
        nap_budget = static_share / 2 + 1;
        owner = run(n, threads, SCHEDULE_DYNAMIC, chunk, PACE_SLOW_ZERO);
        check_whole_chunks(owner, n, threads, chunk, "SCHEDULE_DYNAMIC");
        long mine = 0;
        for (long item = 0; item < n; item++)
            mine += owner[item] == 0;
        cr_assert(mine <= static_share / 2,
                  "run_with_schedule(f, %ld, %d, SCHEDULE_DYNAMIC, %d, owner) where f "
                  "takes 3 ms on thread 0 and no time on the others: thread 0 handled "
                  "%ld items, where schedule(static, %d) would give it %ld; expected at "
                  "most half that, %ld. Idea: schedule(dynamic, chunk) hands the next "
                  "chunk to whichever thread asks first, so a slow thread ends up with "
                  "fewer chunks; a static schedule fixes the shares in advance.",
                  n, threads, chunk, mine, chunk, static_share, static_share / 2);
        free(owner);
    }
}

/* Checks one guided run; returns how many of its runs (one owner's
 * consecutive items), the last one left aside, have exactly `chunk` items. */
static long check_guided(long n, int threads, int chunk, enum pace how)
{
    nap_budget = 10;
    int *owner = run(n, threads, SCHEDULE_GUIDED, chunk, how);
    tail_from = n / 2;
    const char *paced = how == PACE_ALL_NAP ? "every item taking a short nap"
                        : how == PACE_TAIL_NAP ? "the second half of the items slow"
                                               : "thread 0 slow, the others fast";

    /* A run: consecutive items with one owner (one chunk, or several
     * chunks in a row taken by the same thread). */
    long first_run = 1;
    while (first_run < n && owner[first_run] == owner[0])
        first_run++;
    /* gcc's first chunk is n / threads items, clang's half that (rounded
     * down through a double, hence the - 1). */
    long large = n / (2 * threads) - 1 > chunk ? n / (2 * threads) - 1 : chunk;
    cr_assert(first_run >= large,
              "run_with_schedule(f, %ld, %d, SCHEDULE_GUIDED, %d, owner) with %s: the "
              "first chunk (items 0..%ld, thread %d) has %ld items, expected at least "
              "%ld. Idea: schedule(guided, chunk) starts with large chunks (a share of "
              "the remaining items) and shrinks them as the work runs out; dynamic or "
              "static with a chunk size start with `chunk` items.",
              n, threads, chunk, paced, first_run - 1, owner[0], first_run, large);
    long smallest = 0;
    for (long start = 0, end; start < n; start = end) {
        end = start + 1;
        while (end < n && owner[end] == owner[start])
            end++;
        smallest += end - start == chunk && end < n;
        cr_assert(end - start >= chunk || end == n,
                  "run_with_schedule(f, %ld, %d, SCHEDULE_GUIDED, %d, owner) with %s: "
                  "items %ld..%ld went to thread %d, a chunk of %ld items, fewer than %d, "
                  "and not the last one. Idea: the chunk size of schedule(guided, chunk) "
                  "is the smallest chunk; only the very last chunk may be shorter.",
                  n, threads, chunk, paced, start, end - 1, owner[start], end - start,
                  chunk);
    }
    /* With 3 or more threads the shrinking chunks can never line up with
     * the blocks of schedule(static), whoever takes them. */
    if (threads >= 3) {
        long same = 0;
        while (same < n && owner[same] == static_owner(same, n, threads))
            same++;
        cr_assert(same < n,
                  "run_with_schedule(f, %ld, %d, SCHEDULE_GUIDED, %d, owner) with %s gave "
                  "exactly the blocks of schedule(static). Idea: guided hands out chunks "
                  "on demand, each smaller than the one before, so the shares are not %d "
                  "equal blocks in thread order.", n, threads, chunk, paced, threads);
    }
    free(owner);
    return smallest;
}

WB_TEST(changing_workers, guided_shrinking_chunks)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    long smallest = 0, shared_tails = 0;
    for (size_t i = 0; i < k; i++) {
        int threads = counts[i];
        int chunk = (int)wb_random_between(2, 5);
        long n = 16L * threads * (chunk + 1) + wb_random_between(0, 200);
        /* Guided passes these checks at any pace. Dynamic and static
         * schedules fail them at one pace or the other: with every item
         * napping the threads take turns; with thread 0 slow for its first
         * items, the others take (or steal) the rest of its work. */
        check_guided(n, threads, chunk, PACE_ALL_NAP);
        check_guided(n, threads, chunk, PACE_SLOW_ZERO);
        /* With the second half slow, three or more threads share the tail,
         * where the chunks have shrunk to `chunk` items: some of them show
         * as runs of exactly that length (with two, gcc's second thread
         * takes the whole tail alone). */
        long seen = check_guided(n, threads, chunk, PACE_TAIL_NAP);
        if (threads >= 3) {
            shared_tails++;
            smallest += seen;
        }
    }
    cr_assert(shared_tails == 0 || smallest > 0,
              "run_with_schedule(f, n, threads, SCHEDULE_GUIDED, chunk, owner) with 3 or "
              "more threads sharing the end of the loop: no chunk of exactly `chunk` "
              "items was ever handed out. Idea: in schedule(guided, chunk) the chunks "
              "shrink down to `chunk` items as the work runs out; a larger smallest chunk "
              "means the clause was given another size.");
}

WB_TEST(changing_workers, caller_default_unchanged)
{
    static const enum schedule_kind kinds[] = {
        SCHEDULE_STATIC, SCHEDULE_STATIC_CHUNKED, SCHEDULE_DYNAMIC, SCHEDULE_GUIDED,
    };
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t i = 0; i < k; i++) {
        int threads = counts[i];
        for (size_t j = 0; j < 4; j++) {
            long n = wb_random_between(50, 500);
            int chunk = (int)wb_random_between(1, 4);
            int *owner = run(n, threads, kinds[j], chunk, PACE_FAST);
            free(owner);
            int after = omp_get_max_threads();
            cr_assert_eq(after, other_default(threads),
                         "omp_set_num_threads(%d); run_with_schedule(f, %ld, %d, %s, %d, "
                         "owner); then omp_get_max_threads() is %d, expected %d. Idea: "
                         "num_threads(threads) sizes one parallel region only, while "
                         "omp_set_num_threads() changes the default for every later "
                         "region of the caller.",
                         other_default(threads), n, threads, KIND_NAME[kinds[j]], chunk,
                         after, other_default(threads));
        }
    }
}

static long python_chunksize(long n, int workers)
{
    long per = 4L * workers;
    return n / per + (n % per != 0);
}

static void check_chunksize(long n, int workers, long want)
{
    long got = pool_chunksize(n, workers);
    cr_assert_eq(got, want,
                 "pool_chunksize(%ld, %d) should be %ld, got %ld. Idea: Pool.map cuts "
                 "the items into about 4 chunks per worker, rounding UP: "
                 "divmod(n, 4 * workers), plus one when there is a remainder.",
                 n, workers, want, got);
}

WB_TEST(changing_workers, pool_chunksize_rule)
{
    check_chunksize(20, 2, 3);
    check_chunksize(5000, 4, 313);
    check_chunksize(5000, 2, 625);
    check_chunksize(16, 2, 2);
    check_chunksize(1, 8, 1);
    /* Large n: exact integer maths, no double and no overflow. */
    check_chunksize((1L << 53) + 1, 1, (1L << 51) + 1);
    check_chunksize(LONG_MAX, 1, LONG_MAX / 4 + 1);
    check_chunksize(LONG_MAX - 1, 64, python_chunksize(LONG_MAX - 1, 64));
    for (int workers = 1; workers <= 8; workers++)
        check_chunksize(0, workers, 0);
    for (int round = 0; round < 50; round++) {
        long n = wb_random_between(1, 1000000);
        int workers = (int)wb_random_between(1, 64);
        check_chunksize(n, workers, python_chunksize(n, workers));
    }
}
