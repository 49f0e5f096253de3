/*
 * Graded tests for exercise 05: copied (fork) or shared (threads).
 * Points for each test are in workbook.toml.
 *
 * The pool tests fork worker processes. With GCC's libgomp, a process
 * forked after an OpenMP parallel region hangs in its next region, so the
 * pool tests run no OpenMP code of their own (each test is a fresh process).
 */
#include "grading.h"
#include "ideas.h"
#include "sharing.h"

#include <errno.h>
#include <omp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

TestSuite(copied_vs_shared, .init = wb_setup, .timeout = WB_TIMEOUT);

static const long SENTINEL = -7777777;

static const char *pool_status_name(int status)
{
    switch (status) {
    case POOL_OK: return "POOL_OK";
    case POOL_UNKNOWN_TASK: return "POOL_UNKNOWN_TASK";
    case POOL_WORKER_DIED: return "POOL_WORKER_DIED";
    case POOL_BAD_CALL: return "POOL_BAD_CALL";
    default: return "an unknown status";
    }
}

/* --- Part 1: the pool. --------------------------------------------------- */

/* Stop any worker a submission left running, so no process outlives the
 * test, and report whether there was one. */
static int stop_stray_workers(void)
{
    int stray = 0;
    const struct pool_tally *tally = pool_tally();
    for (int i = 0; i < tally->workers; i++)
        if (waitpid(tally->pid[i], NULL, WNOHANG) == 0) {
            kill(tally->pid[i], SIGKILL);
            waitpid(tally->pid[i], NULL, 0);
            stray++;
        }
    /* Workers that already ended but were never waited for (zombies). */
    while (waitpid(-1, NULL, WNOHANG) > 0)
        stray++;
    /* Workers still running that sent no result (their ids are unknown
     * here; they end when this test's process ends). */
    if (waitpid(-1, NULL, WNOHANG) == 0)
        stray++;
    return stray;
}

/* Run squares_and_cubes on in[0..n-1], each time in a fresh registry, as a
 * new run of the Python script would be. */
static int run_squares_and_cubes(const long *in, long *squares, long *cubes, int n,
                                 int workers)
{
    for (int i = 0; i <= n; i++)
        squares[i] = cubes[i] = SENTINEL;
    forget_all_tasks();
    return squares_and_cubes(in, squares, cubes, n, workers);
}

static void check_squares_and_cubes(const long *in, int n, int workers)
{
    long *squares = malloc((size_t)(n + 1) * sizeof *squares);
    long *cubes = malloc((size_t)(n + 1) * sizeof *cubes);
    cr_assert(squares && cubes, "out of memory");
    int status = run_squares_and_cubes(in, squares, cubes, n, workers);
    stop_stray_workers();
    cr_assert_eq(status, POOL_OK,
                 "squares_and_cubes(in, squares, cubes, %d, %d) returned %d (%s), "
                 "expected 0. %s", n, workers, status, pool_status_name(status),
                 status == POOL_UNKNOWN_TASK
                     ? "A worker did not know one of the tasks. Idea: each worker "
                       "is a copy of the process made when the pool started; a "
                       "task registered after pool_start() is only in the parent. "
                       "Register both tasks first, or start a new pool after "
                       "registering the cube."
                     : "Idea: both maps must succeed.");
    for (int i = 0; i < n; i++) {
        cr_assert_eq(squares[i], in[i] * in[i],
                     "squares_and_cubes(in, squares, cubes, %d, %d): squares[%d] "
                     "should be %ld * %ld = %ld, got %ld. Idea: squares[i] holds "
                     "the square of in[i], in order.",
                     n, workers, i, in[i], in[i], in[i] * in[i], squares[i]);
        cr_assert_eq(cubes[i], in[i] * in[i] * in[i],
                     "squares_and_cubes(in, squares, cubes, %d, %d): cubes[%d] "
                     "should be the cube of %ld = %ld, got %ld. Idea: cubes[i] "
                     "holds the cube of in[i], in order.",
                     n, workers, i, in[i], in[i] * in[i] * in[i], cubes[i]);
    }
    cr_assert(squares[n] == SENTINEL && cubes[n] == SENTINEL,
              "squares_and_cubes(in, squares, cubes, %d, %d) wrote past the end "
              "of squares or cubes (index %d). Idea: there are exactly n items.",
              n, workers, n);
    free(squares);
    free(cubes);
}

static long *random_items(int n, long low, long high)
{
    long *in = malloc((size_t)n * sizeof *in);
    cr_assert(in, "out of memory");
    for (int i = 0; i < n; i++)
        in[i] = wb_random_between(low, high);
    return in;
}

WB_TEST(copied_vs_shared, pool_squares_and_cubes)
{
    /* The tutorial's list, then random ones. */
    const long tutorial[] = {1, 2, 3, 4, 5};
    check_squares_and_cubes(tutorial, 5, 2);
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t i = 0; i < k; i++) {
        int n = (int)wb_random_between(50, 3000);
        long *in = random_items(n, -100000, 100000);
        check_squares_and_cubes(in, n, counts[i]);
        free(in);
    }
}

WB_TEST(copied_vs_shared, pool_work_in_workers)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t i = 0; i < k; i++) {
        int workers = counts[i];
        int n = (int)wb_random_between(20, 2000);
        long *in = random_items(n, -1000, 1000);
        long *squares = malloc((size_t)(n + 1) * sizeof *squares);
        long *cubes = malloc((size_t)(n + 1) * sizeof *cubes);
        cr_assert(squares && cubes, "out of memory");
        pool_tally_reset();
        int status = run_squares_and_cubes(in, squares, cubes, n, workers);
        int stray = stop_stray_workers();
        const struct pool_tally *tally = pool_tally();
        cr_assert_eq(tally->results, 2L * n,
                     "squares_and_cubes(in, squares, cubes, %d, %d) returned %d (%s): "
                     "the pool's workers sent back %ld results, expected %d (%d "
                     "squares and %d cubes). Idea: the work belongs in the worker "
                     "processes, through pool_map(); answers computed in the "
                     "parent do not count, and a map that failed sent nothing back.",
                     n, workers, status, pool_status_name(status), tally->results,
                     2 * n, n, n);
        for (int w = 0; w < tally->workers; w++)
            cr_assert_neq(tally->pid[w], getpid(),
                          "a result of squares_and_cubes came from the test's own "
                          "process %d. Idea: pool workers are other processes.",
                          (int)getpid());
        /* The pool deals chunks of ceil(n / workers) items (at most
           POOL_CHUNK) in turns: with 42 items and 8 workers, 7 chunks of 6
           leave one worker without work. */
        int chunk = (n + workers - 1) / workers;
        if (chunk > POOL_CHUNK)
            chunk = POOL_CHUNK;
        int busy = (n + chunk - 1) / chunk < workers ? (n + chunk - 1) / chunk : workers;
        cr_assert_eq(tally->workers, busy,
                     "squares_and_cubes(in, squares, cubes, %d, %d): %d worker process(es) "
                     "sent results, expected %d. Idea: the pool has `workers` workers "
                     "(pool_start(workers)), and pool_map deals its chunks of %d items "
                     "to each in turn.",
                     n, workers, tally->workers, busy, chunk);
        cr_assert_eq(stray, 0,
                     "squares_and_cubes(in, squares, cubes, %d, %d) returned with %d "
                     "worker process(es) still running or not waited for. Idea: "
                     "every pool_start() needs its pool_stop(), which ends the "
                     "workers and waits for them.", n, workers, stray);
        free(in);
        free(squares);
        free(cubes);
    }
}

/* --- Part 2: firstprivate. ---------------------------------------------- */

/* What running_counts must give: under schedule(static), thread t handles
 * one block of items, and the first n % threads threads get one item more.
 * Both GCC's and LLVM's runtimes split this way. */
static long expected_count(long start, long n, int threads, long i, int *thread, long *first)
{
    long q = n / threads, r = n % threads;
    int t = (int)(i < r * (q + 1) ? i / (q + 1) : r + (i - r * (q + 1)) / q);
    *thread = t;
    *first = t * q + (t < r ? t : r);
    return start + (i - *first) + 1;
}

static long last_of_block(long n, int threads, int t)
{
    long q = n / threads, r = n % threads;
    return t * q + (t < r ? t : r) + q + (t < r) - 1;
}

static void check_counts(long start, long n, int threads, int attempt)
{
    long *out = malloc((size_t)(n + 1) * sizeof *out);
    cr_assert(out, "out of memory");
    for (long i = 0; i <= n; i++)
        out[i] = SENTINEL;
    running_counts(start, n, threads, out);
    for (long i = 0; i < n; i++) {
        int t;
        long first;
        long want = expected_count(start, n, threads, i, &t, &first);
        if (out[i] == want)
            continue;
        const char *why;
        if (want != (int)want && out[i] == (int)want)
            why = "That is the right count cut to 32 bits: the counter is an int, but "
                  "start is a long (past INT_MAX here); the counter must be a long too.";
        else if (out[i] == SENTINEL)
            why = "Nothing was stored in out[i]: the loop must store the counter "
                  "for every item 0..n-1.";
        else if (out[i] == want - 1)
            why = "That is one less: the counter goes up by one BEFORE it is "
                  "stored for each item.";
        else if (i == first && (out[i] - start < 1 || out[i] - start > n))
            why = "The thread's counter did not start at `start`: a private copy "
                  "starts unset. firstprivate copies the value the variable had "
                  "when the team started, as fork() copies memory.";
        else if (out[i] == start + i + 1 && threads > 1)
            why = "The values go on counting across the threads' blocks, as if "
                  "all threads counted on ONE counter: it is shared, or the loop "
                  "is not parallel, or not split in static blocks. firstprivate "
                  "gives each thread its own copy.";
        else if (attempt > 0)
            why = "Threads that share one counter race on it and get different "
                  "values from run to run. firstprivate gives each thread its own "
                  "copy.";
        else
            why = "Each thread counts its own static block from `start`: check "
                  "schedule(static) and num_threads(threads), and that the counter "
                  "is firstprivate (a shared counter goes on from where another "
                  "thread left it).";
        cr_assert_fail("running_counts(%ld, %ld, %d, out)%s: out[%ld] should be %ld "
                       "(thread %d of the static schedule handles items %ld..%ld and its "
                       "counter starts at %ld), got %ld. %s",
                       start, n, threads, attempt > 0 ? " (repeated)" : "", i, want, t,
                       first, last_of_block(n, threads, t), start, out[i], why);
    }
    cr_assert_eq(out[n], SENTINEL,
                 "running_counts(%ld, %ld, %d, out) wrote out[%ld], one past the "
                 "last item. Idea: the items are 0..n-1.", start, n, threads, n);
    free(out);
}

WB_TEST(copied_vs_shared, running_counts_firstprivate)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t i = 0; i < k; i++) {
        check_counts(wb_random_between(1000, 1000000000), 20, counts[i], 0);
        check_counts(wb_random_between(-1000000, 1000000), 3, counts[i], 0);
        check_counts(wb_random_between(1, 1000000000),
                     wb_random_between(100, 5000), counts[i], 0);
        /* start is a long: past INT_MAX and below INT_MIN. */
        check_counts(3000000000L + wb_random_between(0, 1000000), 50, counts[i], 0);
        check_counts(-3000000000L - wb_random_between(0, 1000000), 50, counts[i], 0);
    }
}

/* A counter shared by the team loses and repeats counts when threads
 * overlap; on a 2-core machine that shows most reliably with more threads
 * than cores, repeated. */
WB_TEST(copied_vs_shared, running_counts_race_free)
{
    static const int threads[] = {4, 8};
    for (int round = 0; round < 8; round++)
        check_counts(wb_random_between(1, 1000000000), wb_random_between(2000, 20000),
                     threads[round % 2], round + 1);
}

/* --- Part 3: lastprivate. ----------------------------------------------- */

/* The instrumented f: records who handled each item, and makes one item
 * slow so that the thread that runs the final iteration is NOT the last to
 * finish. */
static struct wb_calls *calls;
static long item_base;          /* in[i] = item_base + i */
static long slow_item = -1;     /* the item that waits for the final one */
static long final_item;         /* n - 1 */
static atomic_int final_seen;

static long mapped(long x)
{
    return 3 * x + 7;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        continue;
}

static long recorded_f(long x)
{
    long item = x - item_base;
    wb_calls_record(calls, item);
    if (item == final_item)
        atomic_store(&final_seen, 1);
    if (item == slow_item) {
        /* Wait (at most 0.3 s) until the final item has been handled, then
         * a little more, so that this thread writes after that one. */
        for (int waited = 0; waited < 300 && !atomic_load(&final_seen); waited++)
            sleep_ms(1);
        sleep_ms(30);
    }
    return mapped(x);
}

/* The input of iteration i: base + i, or base + n - 1 - i when descending
 * (then the values fall, and the largest is the first, not the last). */
static long input_at(long i, long n, int descending)
{
    return item_base + (descending ? n - 1 - i : i);
}

/* Call map_keep_last on n items with `threads` threads; with `slow`, the
 * last iteration of thread 0's static block waits for the final iteration. */
static long run_keep_last(long n, int threads, int slow, int descending, long *out)
{
    long *in = malloc((size_t)(n + 1) * sizeof *in);
    cr_assert(in, "out of memory");
    item_base = wb_random_between(-100000, 100000);
    for (long i = 0; i < n; i++)
        in[i] = input_at(i, n, descending);
    for (long i = 0; i <= n; i++)
        out[i] = SENTINEL;
    calls = wb_calls_new(n);
    final_item = input_at(n - 1, n, descending) - item_base;
    atomic_store(&final_seen, 0);
    long block = n / threads + (n % threads != 0);
    slow_item = slow && threads > 1 ? input_at(block - 1, n, descending) - item_base : -1;
    long got = map_keep_last(recorded_f, in, out, n, threads);
    free(in);
    return got;
}

WB_TEST(copied_vs_shared, map_keep_last_value)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t i = 0; i < 2 * k; i++) {
        int threads = counts[i / 2], descending = (int)(i % 2);
        long n = wb_random_between(threads > 1 ? 2L * threads : 2, 3000);
        long *out = malloc((size_t)(n + 1) * sizeof *out);
        cr_assert(out, "out of memory");
        long got = run_keep_last(n, threads, 1, descending, out);
        long want = mapped(input_at(n - 1, n, descending));
        for (long j = 0; j < n; j++)
            cr_assert_eq(out[j], mapped(input_at(j, n, descending)),
                         "map_keep_last(f, in, out, %ld, %d): out[%ld] should be "
                         "f(in[%ld]) = %ld, got %ld. Idea: out[i] = f(in[i]) for "
                         "every item 0..n-1%s.",
                         n, threads, j, j, mapped(input_at(j, n, descending)), out[j],
                         out[j] == SENTINEL ? " (nothing was stored there)"
                             : "; with a shared `last`, another thread can change "
                               "it between the two lines of the loop body");
        cr_assert_eq(out[n], SENTINEL,
                     "map_keep_last(f, in, out, %ld, %d) wrote out[%ld], one past "
                     "the last item.", n, threads, n);
        long largest = mapped(input_at(0, n, descending));
        for (long j = 1; j < n; j++)
            if (mapped(input_at(j, n, descending)) > largest)
                largest = mapped(input_at(j, n, descending));
        cr_assert_eq(got, want,
                     "map_keep_last(f, in, out, %ld, %d) returned %ld, expected "
                     "f(in[%ld]) = %ld, the value of the final iteration. %s",
                     n, threads, got, n - 1, want,
                     got == 0 && largest < 0
                     ? "0 is the value `last` had before the loop, and larger than every "
                       "value here: a private copy, thrown away when the loop ends, "
                       "leaves it, and so does reduction(max:last), whose 0 wins. "
                       "lastprivate copies the final iteration's value out."
                     : got == 0 ? "0 is the value `last` had before the loop: a private "
                                "copy is thrown away when the loop ends. lastprivate "
                                "copies the final iteration's value out."
                     : got == largest
                         ? "That is the largest value: the final iteration's value is "
                           "wanted, which lastprivate copies out, not the largest one."
                              : "With a shared `last`, the thread that writes it "
                                "LAST in time wins, not the one that ran the final "
                                "iteration. lastprivate copies out the final "
                                "iteration's value.");
        wb_calls_free(calls);
        free(out);
    }
}

WB_TEST(copied_vs_shared, map_keep_last_team)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t i = 0; i < k; i++) {
        int threads = counts[i];
        long n = wb_random_between(2L * threads, 3000);
        long *out = malloc((size_t)(n + 1) * sizeof *out);
        cr_assert(out, "out of memory");
        run_keep_last(n, threads, 0, 0, out);
        long bad = wb_calls_first_not_once(calls);
        cr_assert_eq(bad, -1, "map_keep_last(f, in, out, %ld, %d): %s", n, threads,
                     wb_once_text(calls, bad, 0, threads, "the loop divides the items "
                                  "0..n-1 among the threads; it does not repeat them."));
        cr_assert_eq(wb_calls_max_team(calls), threads,
                     "map_keep_last(f, in, out, %ld, %d): f ran in a team of %d "
                     "thread(s), expected %d. Idea: one `#pragma omp parallel for` "
                     "with num_threads(threads).",
                     n, threads, wb_calls_max_team(calls), threads);
        wb_assert_kernel_threads(calls, threads, "map_keep_last(f, in, out, %ld, %d)",
                                 n, threads);
        wb_calls_free(calls);
        free(out);
    }
}
