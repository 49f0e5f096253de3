/*
 * Graded tests for exercise 03: who did what, a map that keeps a log.
 * Points for each test are in workbook.toml.
 */
#include "grading.h"
#include "ideas.h"
#include "trace.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <limits.h>

TestSuite(who_did_what, .init = wb_setup, .timeout = WB_TIMEOUT);

static long long square(long long x)
{
    return x * x;
}

static long long cube(long long x)
{
    return x * x * x;
}

/* Entries the code under test has not written keep these values. */
static const long long UNTOUCHED = -7777777;
static const int UNTOUCHED_THREAD = -99;

static struct trace_entry *new_log(long n)
{
    struct trace_entry *log = malloc((size_t)(n + 1) * sizeof *log);
    cr_assert(log, "out of memory");
    for (long i = 0; i <= n; i++)
        log[i] = (struct trace_entry){UNTOUCHED, UNTOUCHED_THREAD, UNTOUCHED};
    return log;
}

/* --- Items and results. -------------------------------------------------- */

static void check_results(map_fn f, const char *name, long long first, long long last)
{
    long n = (long)(last - first + 1);
    struct trace_entry *log = new_log(n);
    traced_map(f, first, last, log);
    for (long i = 0; i < n; i++) {
        if (log[i].item == UNTOUCHED && log[i].result == UNTOUCHED) {
            /* Never written: where, says which mistake. */
            int others = 1;
            for (long j = 0; j < n && others; j++)
                others = j == i || (log[j].item == first + j && log[j].result == f(first + j));
            cr_assert_fail("traced_map(%s, %lld, %lld, log): log[%ld] (item %lld) was never "
                           "written.%s", name, first, last, i, first + i,
                           others && i == n - 1 && n > 1
                           ? " Idea: only the last item is missing: the loop stops one "
                             "item short; the range includes last (x <= last)."
                           : others && i == 0 && n > 1
                           ? " Idea: only the first item is missing: the loop starts one "
                             "item late; the range includes first."
                           : " Idea: log[i] describes item first + i, for every item of "
                             "the range.");
        }
        cr_assert_eq(log[i].item, first + i,
                     "traced_map(%s, %lld, %lld, log): log[%ld].item should be %lld, "
                     "got %lld. Idea: log[i] describes item first + i, whichever "
                     "thread computed it.", name, first, last, i, first + i, log[i].item);
        cr_assert_eq(log[i].result, f(first + i),
                     "traced_map(%s, %lld, %lld, log): log[%ld].result should be "
                     "%s(%lld) = %lld, got %lld. Idea: the map calls f on every item "
                     "and keeps each result beside its item.", name, first, last, i,
                     name, first + i, f(first + i), log[i].result);
    }
    cr_assert(log[n].item == UNTOUCHED && log[n].result == UNTOUCHED
                  && log[n].thread == UNTOUCHED_THREAD,
              "traced_map(%s, %lld, %lld, log) wrote log[%ld], one past the last item. "
              "Idea: the range includes last, and stops there.", name, first, last, n);
    free(log);
}

WB_TEST(who_did_what, results_in_order)
{
    check_results(square, "square", 1, 20);
    check_results(square, "square", 1, 5000);
    check_results(cube, "cube", -50, 50);
    check_results(cube, "cube", 7, 7);
    long first = wb_random_between(-1000, 1000);
    check_results(square, "square", first, first + wb_random_between(100, 20000));
    first = wb_random_between(-1000, 1000);
    check_results(cube, "cube", first, first + wb_random_between(100, 20000));
    /* Items past INT_MAX: a long long loop counter, not an int. */
    first = 3000000000LL + wb_random_between(0, 1000);
    check_results(square, "square", first, first + wb_random_between(10, 2000));

    struct trace_entry *log = new_log(1);
    traced_map(square, 5, 4, log);
    cr_assert(log[0].item == UNTOUCHED && log[0].result == UNTOUCHED,
              "traced_map(square, 5, 4, log) is an empty range, but it wrote log[0]. "
              "Idea: there is nothing to do when last < first.");
    free(log);
}

/* --- Who called f. --------------------------------------------------------- */

/* The instrumented function: records which thread called it for each item of
 * [recorded_first, recorded_first + calls->size). */
static struct wb_calls *calls;
static long long recorded_first;

static long long recorded_square(long long x)
{
    wb_calls_record(calls, (long)(x - recorded_first));
    return x * x;
}

/* The same, pausing after it records, so that the other threads run while
 * this one is inside f: anything they share gets overwritten meanwhile. */
static long long slow_recorded_square(long long x)
{
    wb_calls_record(calls, (long)(x - recorded_first));
    struct timespec pause = {0, 50 * 1000};
    nanosleep(&pause, NULL);
    return x * x;
}

/* Runs traced_map(f, first, first + n - 1) on `threads` threads and checks
 * that f was called once per item. The log stays in *log_out. */
static void run_recorded(map_fn f, const char *name, long long first, long n,
                         int threads, struct trace_entry **log_out)
{
    long long last = first + n - 1;
    struct trace_entry *log = new_log(n);
    calls = wb_calls_new(n);
    recorded_first = first;
    omp_set_num_threads(threads);
    traced_map(f, first, last, log);
    long bad = wb_calls_first_not_once(calls);
    cr_assert_eq(bad, -1, "traced_map(%s, %lld, %lld, log) with %d thread%s: %s",
                 name, first, last, threads, WB_PLURAL(threads),
                 wb_once_text(calls, bad, first, threads, "the parallel loop divides the "
                              "items among the threads; it does not repeat them."));
    *log_out = log;
}

static void check_threads_recorded(map_fn f, const char *name, long long first, long n,
                                   int threads, const char *idea)
{
    struct trace_entry *log;
    run_recorded(f, name, first, n, threads, &log);
    /* One number in every entry, while several threads computed items:
     * not a number that another thread overwrote, but a wrong one. */
    int same = 1;
    for (long i = 1; i < n && same; i++)
        same = log[i].thread == log[0].thread;
    char one_number[300];
    snprintf(one_number, sizeof one_number, "every entry says thread %d, whichever thread "
             "computed the item: each thread stores its own omp_get_thread_num(), read "
             "inside the loop.", log[0].thread);
    if (same && wb_calls_threads_used(calls) > 1 && log[0].thread != threads)
        idea = one_number;
    for (long i = 0; i < n; i++)
        cr_assert_eq(log[i].thread, calls->thread[i],
                     "traced_map(%s, %lld, %lld, log) with %d thread%s: item %lld was "
                     "computed by thread %d, but log[%ld].thread says %d. Idea: %s",
                     name, first, first + n - 1, threads, WB_PLURAL(threads), first + i,
                     calls->thread[i], i, log[i].thread,
                     log[i].thread == threads && threads != calls->thread[i]
                     ? "that is the size of the team (omp_get_num_threads()), not the "
                       "number of the thread (omp_get_thread_num(), 0 to size - 1)."
                     : idea);
    wb_calls_free(calls);
    free(log);
}

static const char CALLER_IDEA[] =
    "omp_get_thread_num() gives the number of the thread that calls it, the same "
    "thread that calls f for this item; omp_get_num_threads() is the size of the "
    "team, not a thread's number.";

WB_TEST(who_did_what, thread_is_the_caller)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t i = 0; i < k; i++) {
        check_threads_recorded(recorded_square, "f", 1, 20, counts[i], CALLER_IDEA);
        long first = wb_random_between(-100, 100);
        check_threads_recorded(recorded_square, "f", first, wb_random_between(50, 3000),
                               counts[i], CALLER_IDEA);
    }
}

/* A thread number kept in a variable declared outside the parallel loop is
 * shared: while one thread is inside f, another overwrites it. On a 2-core
 * machine this shows most reliably with more threads than cores, repeated. */
WB_TEST(who_did_what, thread_not_shared)
{
    static const int threads[] = {4, 8, 4, 8, 4, 8};
    for (int round = 0; round < 6; round++) {
        int t = threads[round];
        long n = t * wb_random_between(6, 10);
        check_threads_recorded(slow_recorded_square, "f", 1, n, t,
                               "each thread needs its own copy of its thread number. A "
                               "variable declared before `#pragma omp parallel for` is "
                               "shared by the whole team, so another thread overwrites "
                               "it while this one is inside f; declare it inside the "
                               "loop (or make it private).");
    }
}

/* --- The team and the schedule. ------------------------------------------ */

WB_TEST(who_did_what, uses_the_team)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t i = 0; i < k; i++) {
        int threads = counts[i];
        long n = wb_random_between(200, 2000);
        struct trace_entry *log;
        run_recorded(recorded_square, "f", 1, n, threads, &log);
        cr_assert(wb_calls_min_team(calls) == threads && wb_calls_max_team(calls) == threads,
                  "traced_map(f, 1, %ld, log) after omp_set_num_threads(%d): f ran in "
                  "a team of %d%s%.0d thread%s, expected %d. Idea: `#pragma omp parallel "
                  "for` starts a team of the requested size; without it (or without "
                  "-fopenmp) the loop runs on one thread.", n, threads,
                  wb_calls_min_team(calls),
                  wb_calls_min_team(calls) == wb_calls_max_team(calls) ? "" : " to ",
                  wb_calls_min_team(calls) == wb_calls_max_team(calls)
                  ? 0 : wb_calls_max_team(calls), WB_PLURAL(wb_calls_max_team(calls)),
                  threads);
        cr_assert_eq(wb_calls_threads_used(calls), threads,
                     "traced_map(f, 1, %ld, log) with %d threads: only %d of the %d "
                     "threads computed items. Idea: every thread of the team gets a share "
                     "of the items.", n, threads, wb_calls_threads_used(calls), threads);
        wb_assert_kernel_threads(calls, threads, "traced_map(f, 1, %ld, log) with %d threads",
                                 n, threads);
        for (long item = 0; item < n; item++)
            cr_assert(log[item].thread >= 0 && log[item].thread < threads,
                      "traced_map(f, 1, %ld, log) with %d thread%s: log[%ld].thread is "
                      "%d, but thread numbers in a team of %d run from 0 to %d.%s",
                      n, threads, WB_PLURAL(threads), item, log[item].thread, threads,
                      threads - 1, log[item].thread == threads
                      ? " Idea: that is the size of the team (omp_get_num_threads()), not "
                        "the number of the thread (omp_get_thread_num())." : "");
        wb_calls_free(calls);
        free(log);
    }
}

/* Checks from the real calls (not the log) that each thread handled one
 * contiguous block, the blocks in thread-number order, of sizes that differ
 * by at most one: what schedule(static) without a chunk size does. */
static void check_static_blocks(long n, int threads)
{
    struct trace_entry *log;
    run_recorded(recorded_square, "f", 1, n, threads, &log);
    long size[64] = {0};
    long start[64] = {0};
    int previous = -1;
    for (long i = 0; i < n; i++) {
        int t = calls->thread[i];
        cr_assert(t >= 0 && t < threads && t < 64,
                  "traced_map(f, 1, %ld, log) with %d threads: item %ld was computed "
                  "by thread %d, outside the team.", n, threads, i + 1, t);
        if (t != previous) {
            cr_assert(size[t] == 0,
                      "traced_map(f, 1, %ld, log) with %d threads: thread %d computed "
                      "items %ld to %ld, then item %ld again after other threads' "
                      "items. Idea: schedule(static) gives each thread ONE contiguous "
                      "block; schedule(dynamic) or a chunk size deals out many "
                      "small pieces.", n, threads, t, start[t] + 1, start[t] + size[t],
                      i + 1);
            cr_assert(t > previous,
                      "traced_map(f, 1, %ld, log) with %d threads: thread %d's block "
                      "(from item %ld) comes after thread %d's. Idea: schedule(static) "
                      "hands out the blocks in thread-number order: thread 0 gets "
                      "the first items.", n, threads, t, i + 1, previous);
            start[t] = i;
            previous = t;
        }
        size[t]++;
    }
    long smallest = n, largest = 0;
    for (int t = 0; t < threads; t++) {
        if (size[t] < smallest)
            smallest = size[t];
        if (size[t] > largest)
            largest = size[t];
    }
    char shares[512] = "";
    for (int t = 0, used = 0; t < threads && used < (int)sizeof shares - 24; t++)
        used += snprintf(shares + used, sizeof shares - (size_t)used, "%s%ld",
                         t ? ", " : "", size[t]);
    /* One thread with every item: the loop ran on one thread, or its
     * schedule let one thread take them all; the team size says which. */
    char idea[400];
    if (largest == n && threads > 1 && wb_calls_max_team(calls) == 1)
        snprintf(idea, sizeof idea, "f ran in a team of 1 thread: the loop was not "
                 "parallel. `#pragma omp parallel for schedule(static)` gives each of "
                 "the %d threads one block, however few the items.", threads);
    else if (largest == n && threads > 1)
        snprintf(idea, sizeof idea, "one thread took every item although the team had "
                 "%d: a schedule that hands items to whichever thread asks first "
                 "(dynamic, guided) allows that; schedule(static) fixes one block per "
                 "thread in advance.", wb_calls_max_team(calls));
    else
        snprintf(idea, sizeof idea, "schedule(static) cuts the items into blocks whose "
                 "sizes differ by at most one, one block per thread.");
    cr_assert(largest - smallest <= 1,
              "traced_map(f, 1, %ld, log) with %d threads: the threads computed %s "
              "items. Idea: %s", n, threads, shares, idea);
    wb_calls_free(calls);
    free(log);
}

WB_TEST(who_did_what, static_blocks)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t i = 0; i < k; i++) {
        check_static_blocks(20, counts[i]);
        for (long n = 1; n <= 2 * counts[i] + 1; n++)
            check_static_blocks(n, counts[i]);
        check_static_blocks(wb_random_between(100, 3000), counts[i]);
    }
}

/* --- One line of the trace. ---------------------------------------------- */

#define GUARD '#'

static void check_format(long long item, int thread)
{
    struct trace_entry e = {item, thread, item * item};
    char expected[128];
    int length = snprintf(expected, sizeof expected, "Worker %d calculating square of %lld",
                          thread, item);
    char block[16 + 160];
    char *buf = block + 16;        /* a guard before buf, too */
    size_t sizes[] = {160 - 16, (size_t)length + 1, (size_t)length, 10, 1, 0};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t size = sizes[s];
        memset(block, GUARD, sizeof block);
        (void)format_trace_line(&e, buf, size);
        for (int j = 0; j < 16; j++)
            cr_assert_eq(block[j], GUARD,
                         "format_trace_line({.item = %lld, .thread = %d}, buf, %zu) "
                         "wrote buf[%d], BEFORE the buffer. Idea: with size 0 write "
                         "nothing at all (size - 1 is SIZE_MAX, not -1).",
                         item, thread, size, j - 16);
        for (size_t j = size; j < 160; j++)
            cr_assert_eq(buf[j], GUARD,
                         "format_trace_line({.item = %lld, .thread = %d}, buf, %zu) "
                         "wrote buf[%zu], past the %zu characters it was given. Idea: "
                         "never write more than size characters (snprintf, not "
                         "sprintf).", item, thread, size, j, size);
        if (size == 0)
            continue;
        size_t kept = size - 1 < (size_t)length ? size - 1 : (size_t)length;
        if (memcmp(buf, expected, kept) == 0 && buf[kept] == '\0')
            continue;
        /* The lines two known mistakes write: the item cut to an int (%d),
         * the number of the calling thread (0 here) for the entry's. */
        char as_int[128], own_thread[128];
        snprintf(as_int, sizeof as_int, "Worker %d calculating square of %d", thread,
                 (int)item);
        snprintf(own_thread, sizeof own_thread, "Worker %d calculating square of %lld",
                 omp_get_thread_num(), item);
        size_t got_length = strnlen(buf, size);
        const char *idea =
            buf[0] == GUARD ? " Idea: nothing was written into buf; write the line there "
                              "with snprintf(buf, size, ...), which also ends it with '\\0'."
            : got_length && (int)item != item && !strncmp(buf, as_int, got_length)
            ? " Idea: that is the item cut to an int: it is a long long, printed with "
              "%lld (%d reads only part of it)."
            : got_length && thread != omp_get_thread_num() &&
              !strncmp(buf, own_thread, got_length)
            ? " Idea: that is the number of the thread that called format_trace_line, "
              "not the entry's: the line tells who computed the item, e->thread."
            : " Idea: the line is made from the entry's own thread and item, in the "
              "tutorial's words: \"Worker %d calculating square of %lld\".";
        cr_assert_fail("format_trace_line({.item = %lld, .thread = %d}, buf, %zu) should "
                       "write \"%.*s\" (the first %zu characters of \"%s\") and a '\\0', "
                       "got \"%.*s\".%s", item, thread, size, (int)kept, expected, kept,
                       expected, (int)got_length, buf, idea);
    }
    /* The text first: a wrong format also makes the length wrong, and its
     * idea is the one that points at the mistake. */
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        int got = format_trace_line(&e, buf, sizes[s]);
        cr_assert_eq(got, length,
                     "format_trace_line({.item = %lld, .thread = %d}, buf, %zu) should "
                     "return %d, the length of \"%s\", got %d. Idea: like snprintf, it "
                     "returns the length of the whole line, even when it does not fit.",
                     item, thread, sizes[s], length, expected, got);
    }
}

WB_TEST(who_did_what, trace_line_format)
{
    check_format(1, 0);
    check_format(20, 1);
    check_format(-7, 12);
    check_format(5000000000LL, 3);
    check_format(LLONG_MIN, 255);
    check_format(LLONG_MAX, 63);
    check_format(wb_random_between(-1000000000000L, 1000000000000L),
                 (int)wb_random_between(0, 255));
    check_format(wb_random_between(21, 99999), (int)wb_random_between(2, 63));
}
