/*
 * Graded tests for exercise 06: several pools, and one team with two loops.
 * Points for each test are in workbook.toml.
 */
#include "grading.h"
#include "ideas.h"
#include "pools.h"

#include <omp.h>
#include <stdlib.h>
#include <time.h>

TestSuite(several_pools, .init = wb_setup, .timeout = WB_TIMEOUT);

/* What an array slot holds before the code under test writes it. */
static const long long SENTINEL = -7777777;

static long long *new_array(long n)
{
    long long *a = malloc((size_t)(n + 1) * sizeof *a);
    cr_assert(a, "out of memory");
    for (long i = 0; i <= n; i++)
        a[i] = SENTINEL;
    return a;
}

static void nap(long microseconds)
{
    struct timespec pause = {microseconds / 1000000, microseconds % 1000000 * 1000};
    nanosleep(&pause, NULL);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

/* --- square_then_cube ----------------------------------------------------- */

static long long square(long long x)
{
    return x * x;
}

static long long cube(long long x)
{
    return x * x * x;
}

static void check_square_then_cube(const long long *in, long n, int threads)
{
    long long *squares = new_array(n);
    long long *cubes = new_array(n);
    omp_set_num_threads(threads);
    square_then_cube(square, cube, in, squares, cubes, n);
    for (long i = 0; i < n; i++) {
        cr_assert_eq(squares[i], square(in[i]),
                     "square_then_cube(square, cube, in, squares, cubes, %ld) with %d "
                     "threads: squares[%ld] should be square(%lld) = %lld, got %lld. "
                     "Idea: the first pool maps square over every item of in.",
                     n, threads, i, in[i], square(in[i]), squares[i]);
        cr_assert_eq(cubes[i], cube(in[i]),
                     "square_then_cube(square, cube, in, squares, cubes, %ld) with %d "
                     "threads: cubes[%ld] should be cube(%lld) = %lld, got %lld. "
                     "Idea: the second pool maps cube over every item of in.",
                     n, threads, i, in[i], cube(in[i]), cubes[i]);
    }
    cr_assert(squares[n] == SENTINEL && cubes[n] == SENTINEL,
              "square_then_cube(square, cube, in, squares, cubes, %ld) wrote "
              "squares[%ld] or cubes[%ld], one past the last item. Idea: the items "
              "are 0 to n - 1.", n, n, n);
    free(squares);
    free(cubes);
}

WB_TEST(several_pools, square_then_cube_results)
{
    /* The tutorial's list: [1, 4, 9, 16, 25] and [1, 8, 27, 64, 125]. */
    const long long r[] = {1, 2, 3, 4, 5, SENTINEL};
    check_square_then_cube(r, 5, 2);

    static const int threads[] = {1, 3, 8};
    for (int round = 0; round < 3; round++) {
        long sizes[] = {1, 7, 1000, wb_random_between(100, 20000)};
        for (int s = 0; s < 4; s++) {
            long n = sizes[s];
            long long *in = new_array(n);
            for (long i = 0; i < n; i++)
                in[i] = wb_random_between(-100000, 100000);
            check_square_then_cube(in, n, threads[round]);
            free(in);
        }
    }
    check_square_then_cube(r, 0, 4);
}

/* The instrumented pair: records who handled each item, and notes any cube
 * that starts while squares are still being computed. */
static struct wb_calls *square_calls, *cube_calls;
static long long recorded_first;
static long squares_done;
static long cube_too_early = -1;   /* an item cubed before all squares were done */

static long long recorded_square(long long x)
{
    wb_calls_record(square_calls, (long)(x - recorded_first));
    long long result = x * x;
    #pragma omp atomic
    squares_done++;
    return result;
}

static long long recorded_cube(long long x)
{
    long done;
    #pragma omp atomic read
    done = squares_done;
    if (done < square_calls->size) {
        #pragma omp atomic write
        cube_too_early = (long)(x - recorded_first);
    }
    wb_calls_record(cube_calls, (long)(x - recorded_first));
    return x * x * x;
}

static void check_calls(const struct wb_calls *calls, const char *what, long n,
                        int threads)
{
    long bad = wb_calls_first_not_once(calls);
    cr_assert_eq(bad, -1,
                 "square_then_cube(f, g, in, squares, cubes, %ld) with %d thread%s, the "
                 "calls of %s: %s", n, threads, WB_PLURAL(threads), what,
                 wb_once_text(calls, bad, 0, threads, "each pool divides the items among "
                              "its threads; it does not repeat them."));
    cr_assert(wb_calls_min_team(calls) == threads && wb_calls_max_team(calls) == threads,
              "square_then_cube(f, g, in, squares, cubes, %ld) after "
              "omp_set_num_threads(%d): %s ran in teams of %d to %d threads, expected "
              "%d. Idea: each of the two loops is a `#pragma omp parallel for`, a pool "
              "of the requested size; without it (or without -fopenmp) it runs on one "
              "thread.", n, threads, what, wb_calls_min_team(calls),
              wb_calls_max_team(calls), threads);
    wb_assert_kernel_threads(calls, threads,
                             "square_then_cube(f, g, in, squares, cubes, %ld) with %d "
                             "threads, calling %s", n, threads, what);
}

WB_TEST(several_pools, square_then_cube_uses_the_team)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t c = 0; c < k; c++) {
      for (int small = 0; small < 2; small++) {
        int threads = counts[c];
        long n = small ? wb_random_between(threads, 100) : wb_random_between(200, 3000);
        recorded_first = wb_random_between(-1000, 1000);
        long long *in = new_array(n);
        for (long i = 0; i <= n; i++)
            in[i] = recorded_first + i;
        long long *squares = new_array(n);
        long long *cubes = new_array(n);
        square_calls = wb_calls_new(n);
        cube_calls = wb_calls_new(n);
        squares_done = 0;
        cube_too_early = -1;
        omp_set_num_threads(threads);
        square_then_cube(recorded_square, recorded_cube, in, squares, cubes, n);
        check_calls(square_calls, "square", n, threads);
        check_calls(cube_calls, "cube", n, threads);
        cr_assert_eq(cube_too_early, -1,
                     "square_then_cube(f, g, in, squares, cubes, %ld) with %d threads "
                     "called cube for item %ld while squares were still being "
                     "computed. Idea: two pools one after the other: the cube loop "
                     "starts only when the square loop is over.",
                     n, threads, cube_too_early);
        wb_calls_free(square_calls);
        wb_calls_free(cube_calls);
        free(in);
        free(squares);
        free(cubes);
      }
    }
}

/* --- map_then_mirror ------------------------------------------------------ */

/* A function with random coefficients, so that no fixed answer fits. */
static long long coef_a, coef_b;

static long long quadratic(long long x)
{
    return coef_a * x * x + coef_b * x + 1;
}

/* Checks values and sums after map_then_mirror(f, n, values, sums) where
 * f behaves like quadratic(). */
static void check_mirror(const long long *values, const long long *sums, long n,
                         int threads, const char *idea)
{
    for (long i = 0; i < n; i++)
        cr_assert_eq(values[i], quadratic(i),
                     "map_then_mirror(f, %ld, values, sums) with %d threads: values[%ld] "
                     "should be f(%ld) = %lld, got %lld%s. Idea: loop 1 maps f over "
                     "0 to n - 1.", n, threads, i, i, quadratic(i), values[i],
                     values[i] == SENTINEL ? " (never written)" : "");
    /* Every sum is values[i] + values[n - i] (values[n] past the end, still
     * unwritten): an index one off, not a read that came too early. It
     * tells only where some values[n - i] and values[n - 1 - i] differ, or
     * for n = 1, whose mirror can be read too early only as itself. */
    int one_off = 1, tells = n == 1;
    for (long k = 0; k < n && one_off; k++) {
        one_off = sums[k] == quadratic(k) + (k > 0 ? quadratic(n - k) : SENTINEL);
        tells |= k > 0 && quadratic(n - k) != quadratic(n - 1 - k);
    }
    if (one_off && tells)
        cr_assert_fail("map_then_mirror(f, %ld, values, sums) with %d thread%s: sums[0] "
                       "should be values[0] + values[%ld] = %lld, got %lld, which is "
                       "values[0] plus the unwritten values[%ld], one past the end; every "
                       "sums[i] is values[i] + values[n - i]. Idea: the mirror of i is "
                       "values[n - 1 - i].", n, threads, WB_PLURAL(threads), n - 1,
                       quadratic(0) + quadratic(n - 1), sums[0], n);
    for (long i = 0; i < n; i++) {
        long j = n - 1 - i;
        long long want = quadratic(i) + quadratic(j);
        int unwritten = sums[i] == quadratic(i) + SENTINEL
                        || sums[i] == SENTINEL + quadratic(j)
                        || sums[i] == SENTINEL + SENTINEL;
        cr_assert_eq(sums[i], want,
                     "map_then_mirror(f, %ld, values, sums) with %d threads: sums[%ld] "
                     "should be values[%ld] + values[%ld] = %lld + %lld = %lld, got "
                     "%lld%s. Idea: %s", n, threads, i, i, j, quadratic(i),
                     quadratic(j), want, sums[i],
                     sums[i] == SENTINEL ? " (never written)"
                     : unwritten ? ", which is what comes out when a value is read "
                                   "before loop 1 has written it" : "",
                     idea);
    }
    cr_assert(values[n] == SENTINEL && sums[n] == SENTINEL,
              "map_then_mirror(f, %ld, values, sums) wrote values[%ld] or sums[%ld], "
              "one past the last item. Idea: the items are 0 to n - 1.", n, n, n);
}

WB_TEST(several_pools, mirror_results)
{
    static const int threads[] = {1, 4};
    for (int round = 0; round < 2; round++) {
        coef_a = wb_random_between(2, 50);
        coef_b = wb_random_between(-1000, 1000);
        long sizes[] = {1, 2, 5, 8, 1001, wb_random_between(100, 20000)};
        for (int s = 0; s < 6; s++) {
            long n = sizes[s];
            long long *values = new_array(n);
            long long *sums = new_array(n);
            omp_set_num_threads(threads[round]);
            map_then_mirror(quadratic, n, values, sums);
            check_mirror(values, sums, n, threads[round],
                         "loop 2 adds each value to its mirror, values[n - 1 - i], "
                         "once loop 1 has written them all.");
            free(values);
            free(sums);
        }
    }
}

static struct wb_calls *map_calls;

/*
 * With a fast f and schedule(dynamic), one thread could take every item
 * before the others wake up. So the first thread to call f waits (at most
 * 0.2 s) until another thread calls it too; a loop that only one thread
 * runs (under `single` or `master`) still ends with one thread.
 */
static int first_caller;
static long other_callers;

static long long recorded_quadratic(long long x)
{
    int me = omp_get_thread_num();
    int expected = -1;
    if (omp_get_num_threads() > 1) {
        if (__atomic_compare_exchange_n(&first_caller, &expected, me, 0,
                                        __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
            double give_up = now() + 0.2;
            while (__atomic_load_n(&other_callers, __ATOMIC_SEQ_CST) == 0
                   && now() < give_up)
                nap(50);
        } else if (expected != me) {
            __atomic_add_fetch(&other_callers, 1, __ATOMIC_SEQ_CST);
        }
    }
    wb_calls_record(map_calls, (long)x);
    return quadratic(x);
}

WB_TEST(several_pools, mirror_uses_the_team)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t c = 0; c < k; c++) {
      for (int small = 0; small < 2; small++) {
        int threads = counts[c];
        long n = small ? wb_random_between(2 * threads, 100) : wb_random_between(500, 4000);
        coef_a = wb_random_between(2, 50);
        coef_b = wb_random_between(-1000, 1000);
        long long *values = new_array(n);
        long long *sums = new_array(n);
        map_calls = wb_calls_new(n);
        first_caller = -1;
        other_callers = 0;
        omp_set_num_threads(threads);
        map_then_mirror(recorded_quadratic, n, values, sums);
        long bad = wb_calls_first_not_once(map_calls);
        cr_assert_eq(bad, -1, "map_then_mirror(f, %ld, values, sums) with %d thread%s: %s",
                     n, threads, WB_PLURAL(threads),
                     wb_once_text(map_calls, bad, 0, threads, "`#pragma omp for` divides "
                                  "loop 1's items among the team; it does not repeat "
                                  "them."));
        cr_assert(wb_calls_min_team(map_calls) == threads
                  && wb_calls_max_team(map_calls) == threads,
                  "map_then_mirror(f, %ld, values, sums) after omp_set_num_threads(%d): "
                  "f ran in teams of %d to %d threads, expected %d. Idea: one "
                  "`#pragma omp parallel` region starts the team that runs both loops.",
                  n, threads, wb_calls_min_team(map_calls),
                  wb_calls_max_team(map_calls), threads);
        if (threads > 1)
            cr_assert_gt(wb_calls_threads_used(map_calls), 1,
                         "map_then_mirror(f, %ld, values, sums) with %d threads: only "
                         "one thread of the team called f. Idea: loop 1 is shared "
                         "among the team with `#pragma omp for`, not run by one thread "
                         "(as under `single` or `master`).", n, threads);
        wb_assert_kernel_threads(map_calls, threads,
                                 "map_then_mirror(f, %ld, values, sums) with %d threads, "
                                 "calling f in loop 1", n, threads);
        check_mirror(values, sums, n, threads,
                     "loop 2 adds each value to its mirror once loop 1 is complete.");
        wb_calls_free(map_calls);
        free(values);
        free(sums);
      }
    }
}

/*
 * The barrier. Thread 0 is made slow: its first call of f waits until the
 * other threads have made their calls (at most 0.2 s), then every call of
 * thread 0 takes 2 ms. With the implicit barrier after loop 1, nobody reads
 * before thread 0 is done. With `nowait`, the last thread, whose mirror items
 * belong to thread 0, reads them tens of milliseconds before they are written.
 */
static long others_calls;       /* calls of f made by threads other than 0 */
static int thread0_waited;      /* touched by thread 0 only */

static long long slow_on_thread_0(long long x)
{
    if (omp_get_thread_num() != 0) {
        long long result = quadratic(x);
        #pragma omp atomic
        others_calls++;
        return result;
    }
    if (!thread0_waited) {
        thread0_waited = 1;
        long n = map_calls->size;
        int team = omp_get_num_threads();
        long theirs = n - (n + team - 1) / team;   /* what a static split gives them */
        double give_up = now() + 0.2;
        for (;;) {
            long done;
            #pragma omp atomic read
            done = others_calls;
            if (done >= theirs || now() > give_up)
                break;
            nap(50);
        }
    }
    nap(2000);
    return quadratic(x);
}

WB_TEST(several_pools, mirror_waits_for_the_map)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (int round = 0; round < 2; round++) {
        for (size_t c = 0; c < k; c++) {
            int threads = counts[c];
            if (threads < 2)
                continue;
            long n = wb_random_between(16 * threads, 24 * threads);
            coef_a = wb_random_between(2, 50);
            coef_b = wb_random_between(-1000, 1000);
            long long *values = new_array(n);
            long long *sums = new_array(n);
            map_calls = wb_calls_new(n);   /* only its size is used */
            others_calls = 0;
            thread0_waited = 0;
            omp_set_num_threads(threads);
            map_then_mirror(slow_on_thread_0, n, values, sums);
            check_mirror(values, sums, n, threads,
                         "thread 0 was slow on purpose, and loop 2 must still wait for "
                         "it: the implicit barrier at the end of loop 1's `omp for` "
                         "holds every thread until all of values[] is written. "
                         "`nowait` on loop 1 removes that barrier.");
            wb_calls_free(map_calls);
            free(values);
            free(sums);
        }
    }
}
