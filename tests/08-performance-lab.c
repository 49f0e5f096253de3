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
#include "ideas.h"
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

/* The test's clock: it stands still except while planned_work runs.
 * clock_reads counts the calls of now(): 0 is evidence of another clock. */
static double fake_now;
static int clock_reads;

static double fake_clock(void)
{
    clock_reads++;
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

static const char *NO_CLOCK =
    "now() was never called: these times come from another clock. Read the time only "
    "through the now() you are given (the test's clock moves only while the work runs).";

static struct timing run_plan(struct plan *p, int repeat)
{
    fake_now = 1000.0;
    clock_reads = 0;
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
                     "measure(work, arg, %d, now) called work(arg) %d time%s, expected %d: "
                     "once as a warm-up, then once for each of the %d timed run%s.%s",
                     repeat, p.calls, WB_PLURAL(p.calls), repeat + 1, repeat,
                     WB_PLURAL(repeat),
                     p.calls == repeat ? " Idea: the warm-up run comes first and is not "
                                         "timed; it is one call more." : "");
        cr_assert(got.max < WARM_UP,
                  "measure(work, arg, %d, now): the largest time is %g s, but the only "
                  "run that long was the first call, the warm-up (%g s). Idea: the "
                  "warm-up pays for starting threads and filling caches; it runs first "
                  "and its time is left out.", repeat, got.max, WARM_UP);
        cr_assert(got.min >= 1.0 / 64,
                  "measure(work, arg, %d, now): the smallest time is %g s, but every "
                  "timed run took at least 1/64 s by the test's clock. Idea: %s", repeat,
                  got.min, clock_reads ? "a run's time is now() after it minus now() "
                                         "before it, read through the clock you are given."
                                       : NO_CLOCK);
        free(p.duration);
    }
}

static const char *kind_name[] = {"random", "falling", "equal"};

/* What a wrong median is, when it is exactly one of the usual mistakes:
 * the mean of the times, one of the two middle ones for an even count,
 * or the middle time in the order the runs came. */
static const char *median_idea(const struct plan *p, double got)
{
    static char idea[512];
    int repeat = p->planned - 1;
    double *sorted = malloc((size_t)repeat * sizeof *sorted);
    cr_assert(sorted, "out of memory");
    memcpy(sorted, p->duration + 1, (size_t)repeat * sizeof *sorted);
    qsort(sorted, (size_t)repeat, sizeof *sorted, by_value);
    double sum = 0;
    for (int k = 0; k < repeat; k++)
        sum += sorted[k];
    double mean = sum / repeat, upper = sorted[repeat / 2];
    double lower = repeat % 2 ? upper : sorted[repeat / 2 - 1];
    double in_order = repeat % 2 ? p->duration[1 + repeat / 2]
                                 : (p->duration[repeat / 2] + p->duration[1 + repeat / 2]) / 2;
    free(sorted);
    int is_mean = close_to(got, mean), is_upper = repeat % 2 == 0 && close_to(got, upper);
    int is_lower = repeat % 2 == 0 && close_to(got, lower);
    int is_in_order = close_to(got, in_order);
    if (is_mean + is_upper + is_lower + is_in_order != 1)
        return "";
    if (is_mean)
        snprintf(idea, sizeof idea, " Idea: %g is the mean of the %d times, not their "
                 "median: the median is the middle time once the times are sorted%s; one "
                 "slow run moves the mean a lot, the median hardly.", got, repeat,
                 repeat % 2 ? "" : " (for an even count, the mean of the two middle ones)");
    else if (is_upper || is_lower)
        snprintf(idea, sizeof idea, " Idea: %g is the %s of the two middle times: with an "
                 "even number of runs the median is their mean, (%g + %g) / 2.", got,
                 is_upper ? "larger" : "smaller", lower, upper);
    else
        snprintf(idea, sizeof idea, " Idea: %g is the middle time in the order the runs "
                 "came, not once the times are sorted: sort them first (qsort).", got);
    return idea;
}

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
            double sum = 0;
            for (int r = 1; r <= repeat; r++)
                sum += p.duration[r];
            /* Every run timed as one block, the total divided: each of the
             * three is the mean, and the smallest and largest are lost. */
            int one_block = want.min != want.max && close_to(got.min, sum / repeat) &&
                            close_to(got.max, sum / repeat);
            char block[400];
            snprintf(block, sizeof block, "min and max are both %g, the mean of the %d "
                     "times: the runs were timed together, as one block, and the total "
                     "divided by their number. Each run is timed alone, between two "
                     "readings of now(), so that the smallest and the largest can be told.",
                     sum / repeat, repeat);
            cr_assert(close_to(got.min, want.min) && close_to(got.max, want.max),
                      "measure(work, arg, %d, now) with %s run times: min %g and max %g, "
                      "expected min %g and max %g. Idea: %s", repeat, kind_name[kind],
                      got.min, got.max, want.min, want.max,
                      warm_up_timed ? "the first call, the warm-up, took 4096 s by the "
                                      "test's clock, and that time is among yours: the "
                                      "warm-up runs first and is not timed."
                      : !clock_reads ? NO_CLOCK
                      : one_block ? block
                                  : "each run is timed alone, between two readings of "
                                    "now(), and the smallest and largest of the times "
                                    "are reported.");
            const char *why = median_idea(&p, got.median);
            cr_assert(close_to(got.median, want.median),
                      "measure(work, arg, %d, now) with %s run times: median %g, "
                      "expected %g.%s", repeat, kind_name[kind], got.median, want.median,
                      *why ? why : repeat % 2
                          ? " Idea: the median is the middle time once the times are sorted."
                          : " Idea: the median is the middle time once the times are "
                            "sorted; with an even number of runs, the mean of the two "
                            "middle ones.");
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

/* What this test's earlier calls returned: what a total kept from call to
 * call adds. */
static long long earlier_sums;

static void check_sum(map_fn f, const char *name, long long first, long long last,
                      long long want, int threads)
{
    long long got = map_sum(f, first, last);
    const char *idea = first <= last ? wb_sum_idea(got, want, f(first), f(last), threads,
                                                   earlier_sums) : "";
    cr_assert_eq(got, want,
                 "map_sum(%s, %lld, %lld) with %d thread%s should be %lld, got %lld.%s", name,
                 first, last, threads, WB_PLURAL(threads), want, got,
                 *idea ? idea : " Idea: the sum covers every x from first to last, both "
                 "included (0 for an empty range), on one thread or on many: "
                 "reduction(+:total) gives each thread a partial sum of its own.");
    earlier_sums += got;
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
    cr_assert_eq(bad, -1, "map_sum(f, %lld, %lld): %s", first, first + n - 1,
                 wb_once_text(calls, bad, first, omp_get_max_threads(), "the loop shares "
                              "the items; each is handled once."));
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
        /* Every size first, then the first one that was not alone, with
         * what the others show about the if clause's condition. */
        enum { SIZES = sizeof sizes / sizeof sizes[0] };
        int kernel[SIZES], team[SIZES], alone[SIZES], bad = -1;
        for (size_t s = 0; s < SIZES; s++) {
            pid_t caller = wb_kernel_thread();
            record_sum(firsts[s], sizes[s]);
            kernel[s] = wb_calls_kernel_threads(calls);
            team[s] = wb_calls_max_team(calls);
            alone[s] = kernel[s] == 1 && team[s] == 1 && calls->tid[0] == caller;
            if (!alone[s] && bad < 0)
                bad = (int)s;
            wb_calls_free(calls);
        }
        if (bad < 0)
            continue;
        /* The pattern, told only when every range that was not alone ran
         * in a team: all of them (no working if clause), a larger range
         * alone beside a smaller one in a team (a condition on where the
         * range lies), or every range from some size on (a threshold below
         * PERF_BREAK_EVEN). */
        int all_teams = 1, in_teams = 1, larger_alone = -1, smaller_team = -1;
        long smallest_team = PERF_BREAK_EVEN, largest_alone = 0;
        for (int s = 0; s < SIZES; s++) {
            all_teams &= !alone[s] && team[s] > 1;
            in_teams &= alone[s] || team[s] > 1;
            if (!alone[s] && sizes[s] < smallest_team)
                smallest_team = sizes[s];
            if (alone[s] && sizes[s] > largest_alone)
                largest_alone = sizes[s];
            for (int u = 0; u < SIZES; u++)
                if (alone[s] && !alone[u] && team[u] > 1 && sizes[s] > sizes[u] &&
                    larger_alone < 0)
                    larger_alone = s, smaller_team = u;
        }
        char idea[512];
        if (!in_teams)
            snprintf(idea, sizeof idea, "below the break-even, the whole loop runs on the "
                     "calling thread, with no team started: if(items >= PERF_BREAK_EVEN) on "
                     "the parallel loop does that.");
        else if (all_teams)
            snprintf(idea, sizeof idea, "every range started a team, even of %ld item%s: "
                     "below the break-even, waking a team costs more than it saves; "
                     "if(items >= PERF_BREAK_EVEN) on the parallel loop keeps it on the "
                     "calling thread.", sizes[0], WB_PLURAL(sizes[0]));
        else if (larger_alone >= 0)
            snprintf(idea, sizeof idea, "%ld items from %lld ran on the calling thread, but "
                     "%ld items from %lld started a team: the condition depends on where "
                     "the range lies, not only on how many items it holds. The if clause "
                     "compares the number of items, last - first + 1, with "
                     "PERF_BREAK_EVEN.", sizes[larger_alone], firsts[larger_alone],
                     sizes[smaller_team], firsts[smaller_team]);
        else if (in_teams && largest_alone < smallest_team)
            snprintf(idea, sizeof idea, "ranges of %ld items and more started a team, of "
                     "%ld and fewer did not: the condition lets ranges below "
                     "PERF_BREAK_EVEN (%d) start a team. A team starts from "
                     "PERF_BREAK_EVEN items on: if(items >= PERF_BREAK_EVEN).",
                     smallest_team, largest_alone, PERF_BREAK_EVEN);
        else
            snprintf(idea, sizeof idea, "below the break-even, waking a team costs more "
                     "than it saves; if(items >= PERF_BREAK_EVEN) on the parallel loop "
                     "keeps it on the calling thread.");
        long n = sizes[bad];
        long long first = firsts[bad];
        cr_assert_fail("map_sum(f, %lld, %lld): %ld item%s, fewer than PERF_BREAK_EVEN (%d), "
                       "after omp_set_num_threads(%d): f was called by %d kernel thread%s, "
                       "in a team of %d%s; expected the calling thread alone. Idea: %s",
                       first, first + n - 1, n, WB_PLURAL(n), PERF_BREAK_EVEN, threads,
                       kernel[bad], WB_PLURAL(kernel[bad]), team[bad],
                       kernel[bad] == 1 && team[bad] == 1 ? ", not the caller's" : "", idea);
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
        /* Every size first, then the first whose team was wrong, with what
         * the others show about the if clause's condition. */
        enum { SIZES = sizeof sizes / sizeof sizes[0] };
        int team[SIZES], bad = -1;
        for (size_t s = 0; s < SIZES; s++) {
            long n = sizes[s];
            long long first = firsts[s];
            record_sum(first, n);
            team[s] = wb_calls_max_team(calls);
            if (team[s] == threads)
                wb_assert_kernel_threads(calls, threads, "map_sum(f, %lld, %lld), %ld items, "
                                       "with a team of %d", first, first + n - 1, n,
                                       threads);
            else if (bad < 0)
                bad = (int)s;
            wb_calls_free(calls);
        }
        if (bad < 0)
            continue;
        /* sizes[0] and sizes[1] are PERF_BREAK_EVEN items, from 1 and from
         * far below 0; sizes[2] is more. */
        char idea[512];
        if (team[0] == 1 && team[1] == 1 && team[2] == 1)
            snprintf(idea, sizeof idea, "none of the ranges, of %d to %ld items, started a "
                     "team: from the break-even on, the loop runs in a team of the "
                     "requested size (`#pragma omp parallel for`, with an if clause that "
                     "holds from PERF_BREAK_EVEN items on).", PERF_BREAK_EVEN, sizes[2]);
        else if ((team[0] == threads) != (team[1] == threads))
            snprintf(idea, sizeof idea, "%d items from %lld started a team of %d, %d items "
                     "from %lld a team of %d: the condition depends on where the range "
                     "lies, not only on how many items it holds. The if clause compares "
                     "the number of items, last - first + 1, with PERF_BREAK_EVEN.",
                     PERF_BREAK_EVEN, firsts[0], team[0], PERF_BREAK_EVEN, firsts[1],
                     team[1]);
        else if (team[0] == 1 && team[1] == 1 && team[2] == threads)
            snprintf(idea, sizeof idea, "%ld items started a team, but exactly "
                     "PERF_BREAK_EVEN (%d) did not: the header says PERF_BREAK_EVEN items "
                     "or more, if(items >= PERF_BREAK_EVEN).", sizes[2], PERF_BREAK_EVEN);
        else
            snprintf(idea, sizeof idea, "from the break-even on, the loop is shared by the "
                     "whole team, of the size omp_set_num_threads asked for; check the if "
                     "clause's condition (items >= PERF_BREAK_EVEN, where items is last - "
                     "first + 1).");
        cr_assert_fail("map_sum(f, %lld, %lld): %ld items, at least PERF_BREAK_EVEN (%d), "
                       "after omp_set_num_threads(%d): f ran in a team of %d, expected %d. "
                       "Idea: %s", firsts[bad], firsts[bad] + sizes[bad] - 1, sizes[bad],
                       PERF_BREAK_EVEN, threads, team[bad], threads, idea);
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

/* Where the last per_thread array lay (for the cache-line test: partials
 * inside it are its own slots), and what each thread's partial held at
 * the end of this test's previous calls (what a partial kept from call to
 * call starts from). */
static uintptr_t per_thread_at;
static int per_thread_slots;
static long long previous_end[64];
static int previous_known[64];

/* The smallest value thread t's partial had when step got one of its
 * items: its value at the first one, since every item adds more than 0.
 * Returns 0 when thread t had no item, and sets *had. */
static long long partial_start(long n, int t, int *had)
{
    long long start = 0;
    *had = 0;
    for (long i = 0; i < n; i++)
        if (calls->thread[i] == t && (!*had || before[i] < start)) {
            start = before[i];
            *had = 1;
        }
    return start;
}

/* Why thread t's partial was `start`, not 0, at its first item. */
static const char *start_idea(int t, long long start)
{
    static char idea[512];
    if (t >= 0 && t < 64 && previous_known[t] && start == previous_end[t])
        snprintf(idea, sizeof idea, "thread %d's partial was %lld when step got its first "
                 "item, what it held at the end of the previous call of tally: the "
                 "partials keep their values from call to call (a static or global "
                 "partial does). Each partial starts at 0 in every call.", t, start);
    else
        snprintf(idea, sizeof idea, "thread %d's partial was %lld, not 0, when step got its "
                 "first item: each partial starts at 0 in every call of tally.", t, start);
    return idea;
}

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
    per_thread_at = (uintptr_t)per_thread;
    per_thread_slots = threads + SPARE;
    long long total = tally(n, recorded_step, per_thread);

    long bad = wb_calls_first_not_once(calls);
    cr_assert_eq(bad, -1, "tally(%ld, step, per_thread) with a team of %d: %s", n, threads,
                 wb_once_text(calls, bad, 0, threads, "`#pragma omp for` shares the items 0 "
                              "to n - 1 among the team; each is handed to step once."));
    long long want_total = 0, *want = calloc((size_t)threads, sizeof *want);
    cr_assert(want, "out of memory");
    for (long i = 0; i < n; i++) {
        want_total += contribution(i);
        if (calls->thread[i] >= 0 && calls->thread[i] < threads)
            want[calls->thread[i]] += contribution(i);
    }
    /* What a wrong total is: the right one plus partials that did not
     * start at 0, or one thread's partial alone. */
    char total_idea[640];
    snprintf(total_idea, sizeof total_idea, "the total is the sum of every thread's partial, "
             "each added once, safely: reduction(+:total) on the region, or `#pragma omp "
             "atomic`.");
    long long starts = 0;
    int first_bad = -1;
    for (int t = 0; t < threads && t < 64; t++) {
        int had;
        long long start = partial_start(n, t, &had);
        starts += start;
        if (had && start != 0 && first_bad < 0)
            first_bad = t;
    }
    if (first_bad >= 0 && total == want_total + starts) {
        int had;
        snprintf(total_idea, sizeof total_idea, "%s",
                 start_idea(first_bad, partial_start(n, first_bad, &had)));
    } else
        for (int t = 0; t < threads && threads > 1; t++)
            if (total == want[t] && want[t] != want_total) {
                snprintf(total_idea, sizeof total_idea, "that is thread %d's partial alone: "
                         "the total adds every thread's partial, each once "
                         "(reduction(+:total) on the region, or `#pragma omp atomic`).", t);
                break;
            }
    cr_assert_eq(total, want_total,
                 "tally(%ld, step, per_thread) with a team of %d returned %lld, expected "
                 "%lld, the sum of all the threads' partials. Idea: %s", n, threads, total,
                 want_total, total_idea);
    int one_partial = 1, handers = 0;   /* every item handed the same partial */
    for (int t = 0; t < threads; t++) {
        int had;
        partial_start(n, t, &had);
        handers += had;
    }
    for (long i = 1; i < n; i++)
        one_partial &= where[i] == where[0];
    for (int t = 0; t < threads; t++) {
        if (per_thread[t] == want[t])
            continue;
        char more[512] = ".";
        if (per_thread[t] == GARBAGE)
            snprintf(more, sizeof more, " (it was never written: every thread of the team "
                     "stores its partial, 0 when it had no item)%s",
                     n > 0 && wb_calls_max_team(calls) == 1
                         ? ". Every item was handed to step in a team of 1 thread: tally's "
                           "loop ran in no parallel region." : ".");
        else if (one_partial && handers > 1)
            snprintf(more, sizeof more, ". Idea: every thread handed step the same partial "
                     "(%p), so the threads share one: each thread has ONE partial of its "
                     "own, and stores it in per_thread[t] when the loop is over.",
                     (void *)where[0]);
        else if (threads > 1 && per_thread[t] == want_total)
            snprintf(more, sizeof more, ". Idea: that is the total of all the items, not "
                     "thread %d's own partial: per_thread[t] holds what thread t added "
                     "alone.", t);
        cr_assert_fail("tally(%ld, step, per_thread) with a team of %d: per_thread[%d] is "
                       "%lld, expected %lld, the partial of thread %d%s", n, threads, t,
                       per_thread[t], want[t], t, more);
    }
    for (int t = threads; t < threads + SPARE; t++)
        cr_assert_eq(per_thread[t], GARBAGE,
                     "tally(%ld, step, per_thread) with a team of %d wrote per_thread[%d], "
                     "past the team. Idea: per_thread has one slot per thread of the "
                     "team, 0 to %d.", n, threads, t, threads - 1);
    /* What each partial held at the end: its start plus its items. */
    for (int t = 0; t < threads && t < 64; t++) {
        int had;
        long long start = partial_start(n, t, &had);
        if (had) {
            previous_end[t] = start + want[t];
            previous_known[t] = 1;
        }
    }
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

/* Which slot of the last per_thread array p is, or -1. */
static long slot_of(const long long *p)
{
    uintptr_t at = (uintptr_t)p;
    if (at < per_thread_at || at >= per_thread_at + (uintptr_t)per_thread_slots * sizeof *p)
        return -1;
    return (long)((at - per_thread_at) / sizeof *p);
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
                     "partial was %lld at its first item, expected 0. Idea: %s", n, threads,
                     call, t, smallest[t], start_idea(t, smallest[t]));
        for (int u = 0; u < t; u++) {
            if (!address[u] || line_of(address[u]) != line_of(address[t]))
                continue;
            long slot_u = slot_of(address[u]), slot_t = slot_of(address[t]);
            if (slot_u >= 0 && slot_t >= 0)
                cr_assert_fail("tally(%ld, step, per_thread) with a team of %d, call %d: the "
                               "partials of threads %d and %d are per_thread[%ld] and "
                               "per_thread[%ld] themselves, %ld bytes apart in the same "
                               "%d-byte cache line. Idea: per_thread's slots are long long "
                               "side by side; two cores that write into one cache line take "
                               "it from each other at every write (false sharing). Each "
                               "thread adds into a partial of its own, on a line of its own "
                               "(a variable declared inside the parallel region), and "
                               "stores it in per_thread once, when the loop is over.", n,
                               threads, call, u, t, slot_u, slot_t,
                               (long)((const char *)address[t] - (const char *)address[u]),
                               PERF_CACHE_LINE);
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
