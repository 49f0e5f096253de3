/*
 * Graded tests for exercise 08: the performance lab.
 * Points for each test are in workbook.toml.
 *
 * Nothing here measures a time: a grader may have one CPU and other
 * programs beside it. Each test looks instead at what makes the code fast,
 * from outside:
 *   - measure() gets a clock of the test's own, which moves only while the
 *     work runs and by amounts the test chose: the median, the smallest
 *     and the largest time are then exact numbers;
 *   - map_sum() gets an f that records which kernel thread called it, and
 *     whether two calls ever ran at the same time;
 *   - tally() gets a step that records the address of the partial each
 *     thread hands it, so the test can see which cache line it lies in.
 */
#define _GNU_SOURCE
#include "grading.h"
#include "perf.h"

#include <omp.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

TestSuite(performance_lab, .init = wb_setup, .timeout = WB_TIMEOUT);

/* --- measure ------------------------------------------------------------------- */

/* The test's clock: it stands still except while planned_work runs. */
static double fake_now;

static double fake_clock(void)
{
    return fake_now;
}

/* How long each call of the work "takes": call 0 is the warm-up. */
struct plan {
    int planned;          /* durations planned, warm-up included */
    int calls;            /* calls so far */
    double *duration;
};

static const double WARM_UP = 4096.0;   /* far above every timed run */

static void planned_work(void *arg)
{
    struct plan *p = arg;
    int k = p->calls++;
    fake_now += k < p->planned ? p->duration[k] : 2 * WARM_UP;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* A plan of `repeat` timed runs after a warm-up; durations are multiples
 * of 1/64 s, so that every difference of clock readings is exact. */
static struct plan make_plan(int repeat, int kind)
{
    struct plan p = {repeat + 1, 0, malloc((size_t)(repeat + 1) * sizeof(double))};
    cr_assert(p.duration, "out of memory");
    p.duration[0] = WARM_UP;
    for (int k = 1; k <= repeat; k++) {
        long units = kind == 0 ? wb_random_between(1, 64000)     /* random */
                   : kind == 1 ? 1000 - k                        /* falling */
                   : 777;                                        /* all equal */
        p.duration[k] = (double)units / 64.0;
    }
    return p;
}

static struct timing expected_timing(const struct plan *p)
{
    int repeat = p->planned - 1;
    double *sorted = malloc((size_t)repeat * sizeof *sorted);
    cr_assert(sorted, "out of memory");
    memcpy(sorted, p->duration + 1, (size_t)repeat * sizeof *sorted);
    qsort(sorted, (size_t)repeat, sizeof *sorted, by_value);
    struct timing t = {repeat % 2 ? sorted[repeat / 2]
                                  : (sorted[repeat / 2 - 1] + sorted[repeat / 2]) / 2,
                       sorted[0], sorted[repeat - 1]};
    free(sorted);
    return t;
}

static int close_to(double a, double b)
{
    double d = a - b;
    return d < 1e-9 && d > -1e-9;
}

static struct timing run_plan(struct plan *p, int repeat)
{
    fake_now = 1000.0;
    return measure(planned_work, p, repeat, fake_clock);
}

WB_TEST(performance_lab, measure_warms_up_then_repeats)
{
    int repeats[] = {1, 2, 3, 5, 10, 1000, (int)wb_random_between(4, 200)};
    for (size_t i = 0; i < sizeof repeats / sizeof repeats[0]; i++) {
        int repeat = repeats[i];
        struct plan p = make_plan(repeat, 0);
        struct timing got = run_plan(&p, repeat);
        cr_assert_eq(p.calls, repeat + 1,
                     "measure(work, arg, %d, now) called work(arg) %d times, expected %d: "
                     "once as a warm-up, then once for each of the %d timed runs.%s",
                     repeat, p.calls, repeat + 1, repeat,
                     p.calls == repeat ? " Idea: the warm-up run comes first and is not "
                                         "timed; it is one call more." : "");
        cr_assert(got.max < WARM_UP,
                  "measure(work, arg, %d, now): the largest time is %g s, but the only "
                  "run that long was the first call, the warm-up (%g s). Idea: the "
                  "warm-up pays for starting threads and filling caches; it runs first "
                  "and its time is left out.", repeat, got.max, WARM_UP);
        cr_assert(got.min >= 1.0 / 64,
                  "measure(work, arg, %d, now): the smallest time is %g s, but every "
                  "timed run took at least 1/64 s by the test's clock. Idea: a run's "
                  "time is now() after it minus now() before it, read through the "
                  "clock you are given.", repeat, got.min);
        free(p.duration);
    }
}

static const char *kind_name[] = {"random", "falling", "equal"};

WB_TEST(performance_lab, measure_median_and_spread)
{
    int repeats[] = {1, 2, 3, 4, 7, 8, 100, 101, 1000,
                     (int)wb_random_between(5, 500) * 2, (int)wb_random_between(5, 500) * 2 + 1};
    for (size_t i = 0; i < sizeof repeats / sizeof repeats[0]; i++) {
        for (int kind = 0; kind < 3; kind++) {
            int repeat = repeats[i];
            struct plan p = make_plan(repeat, kind);
            struct timing want = expected_timing(&p);
            struct timing got = run_plan(&p, repeat);
            int warm_up_timed = close_to(got.max, WARM_UP) || close_to(got.min, WARM_UP);
            cr_assert(close_to(got.min, want.min) && close_to(got.max, want.max),
                      "measure(work, arg, %d, now) with %s run times: min %g and max %g, "
                      "expected min %g and max %g. Idea: %s", repeat, kind_name[kind],
                      got.min, got.max, want.min, want.max,
                      warm_up_timed ? "the first call, the warm-up, took 4096 s by the "
                                      "test's clock, and that time is among yours: the "
                                      "warm-up runs first and is not timed."
                                    : "each run is timed alone, between two readings of "
                                      "now(), and the smallest and largest of the times "
                                      "are reported.");
            cr_assert(close_to(got.median, want.median),
                      "measure(work, arg, %d, now) with %s run times: median %g, "
                      "expected %g. Idea: the median is the middle time once the "
                      "times are sorted%s; not their mean, which one slow run moves.",
                      repeat, kind_name[kind], got.median, want.median,
                      repeat % 2 ? "" : " (with an even number of runs, the mean of "
                                        "the two middle ones)");
            free(p.duration);
        }
    }
}

/* --- map_sum ------------------------------------------------------------------- */

static long long square(long long x)
{
    return x * x;
}

static long long offset_from_3e9(long long x)
{
    return x - 3000000000LL;
}

static const long long FAR = 4000000000000000000LL;   /* about LLONG_MAX / 2 */

static long long offset_from_far(long long x)
{
    return x + FAR;
}

static void check_sum(map_fn f, const char *name, long long first, long long last,
                      long long want, int threads)
{
    long long got = map_sum(f, first, last);
    cr_assert_eq(got, want,
                 "map_sum(%s, %lld, %lld) with %d thread%s should be %lld, got %lld. Idea: "
                 "the sum covers every x from first to last, both included (0 for an "
                 "empty range), on one thread or on many: reduction(+:total) gives each "
                 "thread a partial sum of its own.", name, first, last, threads,
                 threads == 1 ? "" : "s", want, got);
}

WB_TEST(performance_lab, map_sum_results)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t i = 0; i < k; i++) {
        int threads = counts[i];
        omp_set_num_threads(threads);
        check_sum(square, "square", 1, 5000, 41679167500LL, threads);
        check_sum(square, "square", 1, 20, 2870, threads);
        check_sum(square, "square", 7, 7, 49, threads);
        check_sum(square, "square", 5, 4, 0, threads);
        check_sum(square, "square", -50, 50, 2 * wb_sum_of_squares(1, 50), threads);
        check_sum(square, "square", -3000, 3000, 2 * wb_sum_of_squares(1, 3000), threads);
        long long first = wb_random_between(0, 5000);
        long long last = first + wb_random_between(PERF_BREAK_EVEN, 300000);
        check_sum(square, "square", first, last, wb_sum_of_squares(first, last), threads);
        last = first + wb_random_between(0, PERF_BREAK_EVEN - 2);
        check_sum(square, "square", first, last, wb_sum_of_squares(first, last), threads);
        long long base = 3000000000LL, n = wb_random_between(100, 20000);
        check_sum(offset_from_3e9, "x - 3000000000", base, base + n - 1, n * (n - 1) / 2,
                  threads);
        check_sum(offset_from_far, "x + 4e18", -FAR, -FAR + n - 1, n * (n - 1) / 2,
                  threads);
    }
}

/* f records every call: which item, which thread, which kernel thread. */
static struct wb_calls *calls;
static long long recorded_first;

static long long recorded_square(long long x)
{
    wb_calls_record(calls, (long)(x - recorded_first));
    return x * x;
}

static void record_sum(long long first, long n)
{
    calls = wb_calls_new(n);
    recorded_first = first;
    long long got = map_sum(recorded_square, first, first + n - 1);
    long long want = 0;
    for (long long x = first; x < first + n; x++)
        want += x * x;
    cr_assert_eq(got, want, "map_sum(f, %lld, %lld): expected %lld, got %lld.", first,
                 first + n - 1, want, got);
    long bad = wb_calls_first_not_once(calls);
    cr_assert_eq(bad, -1,
                 "map_sum(f, %lld, %lld): item %ld was handled %d times, expected once. "
                 "Idea: the loop shares the items; each is handled once.", first,
                 first + n - 1, (long)(first + bad), bad >= 0 && bad < n ? calls->count[bad] : 0);
}

WB_TEST(performance_lab, map_sum_alone_below_break_even)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t i = 0; i < k; i++) {
        int threads = counts[i];
        omp_set_num_threads(threads);
        /* Sizes, and where the range starts: near 0, and far past the
         * break-even (100 items from 1000000 are still 100 items). */
        long sizes[] = {1, 2, threads + 1, wb_random_between(3, PERF_BREAK_EVEN - 2),
                        PERF_BREAK_EVEN - 1, 100};
        long long firsts[] = {wb_random_between(-1000, 1000), 1, -7,
                              wb_random_between(-1000, 1000), 1, 1000000};
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            long n = sizes[s];
            long long first = firsts[s];
            pid_t caller = wb_kernel_thread();
            record_sum(first, n);
            int kernel = wb_calls_kernel_threads(calls);
            int team = wb_calls_max_team(calls);
            cr_assert(kernel == 1 && team == 1 && calls->tid[0] == caller,
                      "map_sum(f, %lld, %lld): %ld items, fewer than PERF_BREAK_EVEN (%d), "
                      "after omp_set_num_threads(%d): f was called by %d kernel thread%s, "
                      "in a team of %d%s; expected the calling thread alone. Idea: below "
                      "the break-even, waking a team costs more than it saves; "
                      "if(items >= PERF_BREAK_EVEN) on the parallel loop keeps it on the "
                      "calling thread.", first, first + n - 1, n, PERF_BREAK_EVEN, threads,
                      kernel, kernel == 1 ? "" : "s", team,
                      kernel == 1 && team == 1 ? ", not the caller's" : "");
            wb_calls_free(calls);
        }
    }
}

/*
 * Do f's calls run at the same time? Each call counts itself in `inside`;
 * until two calls have been inside together once, a call waits there (up
 * to 2 s in all) for another thread to come in. Calls that a critical
 * section or a lock puts one after the other never meet.
 */
static atomic_int inside, met, gave_up;
static struct timespec wait_until;

static int past(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec > t->tv_sec || (now.tv_sec == t->tv_sec && now.tv_nsec >= t->tv_nsec);
}

static long long meeting_square(long long x)
{
    if (atomic_fetch_add(&inside, 1) + 1 >= 2)
        atomic_store(&met, 1);
    while (!atomic_load(&met) && !atomic_load(&gave_up)) {
        if (past(&wait_until)) {
            atomic_store(&gave_up, 1);
            break;
        }
        struct timespec nap = {0, 50000};
        nanosleep(&nap, NULL);
    }
    atomic_fetch_sub(&inside, 1);
    return x * x;
}

static void check_calls_overlap(int threads)
{
    atomic_store(&inside, 0);
    atomic_store(&met, 0);
    atomic_store(&gave_up, 0);
    clock_gettime(CLOCK_MONOTONIC, &wait_until);
    wait_until.tv_sec += 2;
    omp_set_num_threads(threads);
    long long got = map_sum(meeting_square, 1, PERF_BREAK_EVEN);
    cr_assert_eq(got, wb_sum_of_squares(1, PERF_BREAK_EVEN),
                 "map_sum(f, 1, %d) with %d threads: expected %lld, got %lld.",
                 PERF_BREAK_EVEN, threads, wb_sum_of_squares(1, PERF_BREAK_EVEN), got);
    cr_assert(atomic_load(&met),
              "map_sum(f, 1, %d) with %d threads: no two calls of f ever ran at the same "
              "time (f waited 2 s for a second thread to come in). Idea: a critical "
              "section (or a lock) around f makes the threads call it one after the "
              "other, which is slower than one thread alone; reduction(+:total) lets "
              "every thread call f and add into its own partial sum at once.",
              PERF_BREAK_EVEN, threads);
}

WB_TEST(performance_lab, map_sum_team_from_break_even)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t i = 0; i < k; i++) {
        int threads = counts[i];
        omp_set_num_threads(threads);
        /* Exactly the break-even, from 1 and from far below 0, and more. */
        long sizes[] = {PERF_BREAK_EVEN, PERF_BREAK_EVEN,
                        wb_random_between(PERF_BREAK_EVEN + 1, 3 * PERF_BREAK_EVEN)};
        long long firsts[] = {1, -2 * PERF_BREAK_EVEN, wb_random_between(-1000, 1000)};
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            long n = sizes[s];
            long long first = firsts[s];
            record_sum(first, n);
            cr_assert_eq(wb_calls_max_team(calls), threads,
                         "map_sum(f, %lld, %lld): %ld items, at least PERF_BREAK_EVEN "
                         "(%d), after omp_set_num_threads(%d): f ran in a team of %d, "
                         "expected %d. Idea: from the break-even on, the loop is shared "
                         "by the whole team; check the if clause's condition (>=, and "
                         "the number of items is last - first + 1).", first,
                         first + n - 1, n, PERF_BREAK_EVEN, threads,
                         wb_calls_max_team(calls), threads);
            wb_assert_kernel_threads(calls, threads, "map_sum(f, %lld, %lld), %ld items, "
                                     "with a team of %d", first, first + n - 1, n, threads);
            wb_calls_free(calls);
        }
    }
    for (int threads = 2; threads <= 4; threads++)
        check_calls_overlap(threads);
}

/* --- tally --------------------------------------------------------------------- */

/* What item i adds to its thread's partial: never 0, so that the first
 * call of each thread sees the partial's smallest value. */
static long long contribution(long i)
{
    return 1 + (long long)((unsigned long)i * 7919UL % 1000UL);
}

/* Per item: the address of the partial it was added to, and the value
 * that partial had just before. */
static long long **where;
static long long *before;

static void recorded_step(long i, long long *partial)
{
    wb_calls_record(calls, i);
    if (i >= 0 && i < calls->size) {
        where[i] = partial;
        before[i] = *partial;
    }
    *partial += contribution(i);
}

static const long long GARBAGE = -4242424242LL;
#define SPARE 4

/* One call of tally over n items with a team of `threads`, recorded; the
 * results are checked. Leaves the record in calls, where, before. */
static void recorded_tally(long n, int threads)
{
    omp_set_num_threads(threads);
    calls = wb_calls_new(n);
    where = calloc((size_t)n + 1, sizeof *where);
    before = calloc((size_t)n + 1, sizeof *before);
    long long *per_thread = malloc((size_t)(threads + SPARE) * sizeof *per_thread);
    cr_assert(where && before && per_thread, "out of memory");
    for (int t = 0; t < threads + SPARE; t++)
        per_thread[t] = GARBAGE;
    long long total = tally(n, recorded_step, per_thread);

    long bad = wb_calls_first_not_once(calls);
    cr_assert_eq(bad, -1,
                 "tally(%ld, step, per_thread) with a team of %d: item %ld was handled %d "
                 "times, expected once%s. Idea: `#pragma omp for` shares the items "
                 "0 to n - 1 among the team; each is handed to step once.", n, threads, bad,
                 bad >= 0 && bad < n ? calls->count[bad] : 0,
                 bad == n ? " (an item outside 0..n-1 was handled)" : "");
    long long want_total = 0, *want = calloc((size_t)threads, sizeof *want);
    cr_assert(want, "out of memory");
    for (long i = 0; i < n; i++) {
        want_total += contribution(i);
        if (calls->thread[i] >= 0 && calls->thread[i] < threads)
            want[calls->thread[i]] += contribution(i);
    }
    cr_assert_eq(total, want_total,
                 "tally(%ld, step, per_thread) with a team of %d returned %lld, expected "
                 "%lld, the sum of all the threads' partials. Idea: %s", n, threads, total,
                 want_total, total > want_total
                     ? "more than the items give: every partial starts at 0 in every call "
                       "of tally (a partial kept from an earlier call, or never set, "
                       "does not)."
                     : "each thread adds its partial into the total once, safely: "
                       "reduction(+:total) on the region, or `#pragma omp atomic`.");
    for (int t = 0; t < threads; t++)
        cr_assert_eq(per_thread[t], want[t],
                     "tally(%ld, step, per_thread) with a team of %d: per_thread[%d] is "
                     "%lld, expected %lld, the partial of thread %d%s.", n, threads, t,
                     per_thread[t], want[t], t,
                     per_thread[t] == GARBAGE
                         ? " (it was never written: every thread of the team stores its "
                           "partial, 0 when it had no item)" : "");
    for (int t = threads; t < threads + SPARE; t++)
        cr_assert_eq(per_thread[t], GARBAGE,
                     "tally(%ld, step, per_thread) with a team of %d wrote per_thread[%d], "
                     "past the team. Idea: per_thread has one slot per thread of the "
                     "team, 0 to %d.", n, threads, t, threads - 1);
    free(want);
    free(per_thread);
}

static void free_record(void)
{
    wb_calls_free(calls);
    free(where);
    free(before);
}

WB_TEST(performance_lab, tally_results)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t i = 0; i < k; i++) {
        int threads = counts[i];
        long sizes[] = {0, 1, threads > 1 ? threads - 1 : 2, wb_random_between(1000, 100000)};
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            recorded_tally(sizes[s], threads);
            free_record();
        }
    }
}

static long line_of(const long long *p)
{
    return (long)((uintptr_t)p / PERF_CACHE_LINE);
}

/* The partials of one recorded call: one per thread, each alone in its
 * cache line, each starting at 0. */
static void check_partials(long n, int threads, int call)
{
    const long long *address[64] = {0};
    long long smallest[64];
    for (int t = 0; t < 64; t++)
        smallest[t] = -1;
    for (long i = 0; i < n; i++) {
        int t = calls->thread[i];
        cr_assert(t >= 0 && t < 64, "thread number %d out of range", t);
        if (!address[t])
            address[t] = where[i];
        cr_assert(where[i] == address[t],
                  "tally(%ld, step, per_thread) with a team of %d, call %d: thread %d handed "
                  "step two different partials (%p and %p). Idea: each thread keeps ONE "
                  "partial for all its items.", n, threads, call, t, (void *)address[t],
                  (void *)where[i]);
        if (smallest[t] < 0 || before[i] < smallest[t])
            smallest[t] = before[i];
    }
    for (int t = 0; t < threads; t++) {
        if (!address[t])
            continue;
        cr_assert_eq(smallest[t], 0,
                     "tally(%ld, step, per_thread) with a team of %d, call %d: thread %d's "
                     "partial was %lld at its first item, expected 0. Idea: every partial "
                     "starts at 0 in every call of tally; a partial kept from an earlier "
                     "call, or never set, is not.", n, threads, call, t, smallest[t]);
        for (int u = 0; u < t; u++) {
            if (!address[u] || line_of(address[u]) != line_of(address[t]))
                continue;
            cr_assert_fail("tally(%ld, step, per_thread) with a team of %d, call %d: the "
                           "partials of threads %d and %d are %ld bytes apart (%p and %p), "
                           "in the same %d-byte cache line. Idea: two cores that write "
                           "into one cache line take it from each other at every write "
                           "(false sharing), so the threads' partials must lie on lines "
                           "of their own: a variable declared inside the parallel region "
                           "(on the thread's own stack), or an array of partials padded "
                           "and aligned to PERF_CACHE_LINE bytes.", n, threads, call, u, t,
                           (long)((const char *)address[t] - (const char *)address[u]),
                           (void *)address[u], (void *)address[t], PERF_CACHE_LINE);
        }
    }
}

WB_TEST(performance_lab, tally_own_cache_lines)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t i = 0; i < k; i++) {
        int threads = counts[i];
        /* Twice in a row: the partials start at 0 in every call. */
        for (int call = 1; call <= 2; call++) {
            long n = wb_random_between(64L * threads, 20000);
            recorded_tally(n, threads);
            wb_assert_kernel_threads(calls, threads, "tally(%ld, step, per_thread) with a "
                                     "team of %d", n, threads);
            check_partials(n, threads, call);
            free_record();
        }
    }
}
