/*
 * Graded tests for exercise 10: two maps at once, and reductions over
 * structs. Points for each test are in workbook.toml.
 *
 * What the tests hand the code under test, and why:
 *   - an f and a g that record which item each call handled and on which
 *     kernel thread: each item once, and a real team;
 *   - an f and a g whose first call waits until a call of the other
 *     function has started: two maps that really run at the same time meet
 *     there at once, two maps run one after the other never do (the wait
 *     gives up after two seconds, so serial code fails, never hangs);
 *   - a value (or f, or g) that makes one chosen thread slow: its partial
 *     result comes last, so a sum read before the barrier is short, and a
 *     combiner whose answer depends on the order of the partials (no tie
 *     rule, "keep the last") shows it in every run;
 *   - collisions (tests/collide.h): two threads that return a value and a
 *     key at the same instant, so that an unprotected shared summary or
 *     count loses an update.
 */
#define _GNU_SOURCE
#include "collide.h"
#include "grading.h"
#include "ideas.h"
#include "mapreduce.h"

#include <limits.h>
#include <omp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

TestSuite(mapreduce, .init = wb_setup, .timeout = WB_TIMEOUT);

/* --- A slow thread ---------------------------------------------------------- */

/* The thread that sleeps in its first call (-1: none), and whether it has. */
static int slow_thread = -1;
static atomic_int slept;

static void maybe_slow_down(void)
{
    if (slow_thread < 0 || omp_get_thread_num() != slow_thread ||
        atomic_exchange(&slept, 1))
        return;
    /* 4 ms: many times what the other threads' share of the largest n
     * takes (under AddressSanitizer too), so that the slow thread's partial
     * arrives last; a test makes a hundred such calls. */
    struct timespec nap = {0, 4 * 1000 * 1000};
    nanosleep(&nap, NULL);
}

static void slow_down(int thread)
{
    slow_thread = thread;
    atomic_store(&slept, 0);
}

/* --- map_reduce_two ----------------------------------------------------------- */

/* In recorded runs a[i] is first + i, so that a call names its item. */
static struct wb_calls *calls_f, *calls_g;
static long long recorded_first;

static long long add(long long a, long long b)
{
    return a + b;
}

static long long multiply(long long a, long long b)
{
    return a * b;
}

static long long recorded_add(long long a, long long b)
{
    wb_calls_record(calls_f, (long)(a - recorded_first));
    maybe_slow_down();
    return a + b;
}

static long long recorded_multiply(long long a, long long b)
{
    wb_calls_record(calls_g, (long)(a - recorded_first));
    maybe_slow_down();
    return a * b;
}

static long long *new_values(long n, long low, long high)
{
    long long *v = malloc(((size_t)n + 1) * sizeof *v);
    cr_assert(v, "out of memory");
    for (long i = 0; i < n; i++)
        v[i] = wb_random_between(low, high);
    return v;
}

static void check_two_sums(struct two_sums got, const long long *a, const long long *b,
                           long n, int threads, const char *idea)
{
    long long first = 0, second = 0;
    for (long i = 0; i < n; i++) {
        first += a[i] + b[i];
        second += a[i] * b[i];
    }
    cr_assert(got.first == first && got.second == second,
              "map_reduce_two(a + b, a * b, a, b, %ld) with %d thread%s returned {%lld, %lld}, "
              "expected {%lld, %lld}%s. Idea: %s", n, threads, WB_PLURAL(threads),
              got.first, got.second, first, second,
              got.first != first && got.second != second ? " (both sums wrong)"
              : got.first != first ? " (the first sum wrong)" : " (the second sum wrong)",
              idea);
}

static const char *SUMS = "each sum covers every i from 0 to n - 1 once (0 for n == 0), "
                          "each thread adding into a sum of its own: reduction(+:...).";
static const char *BARRIER =
    "one thread was slow here: a sum read inside the region before the barrier (by a "
    "`single` or `master` right after `nowait` loops, say) misses the part of every "
    "thread that has not finished yet. Read the sums after a barrier: the end of the "
    "region is one.";

/* One recorded call: a[i] = first + i, b random; checks the sums and that
 * f and g each handled every item once. */
static void recorded_two(long n, int threads, long long first, const char *idea)
{
    calls_f = wb_calls_new(n);
    calls_g = wb_calls_new(n);
    recorded_first = first;
    long long *a = malloc(((size_t)n + 1) * sizeof *a);
    long long *b = new_values(n, -1000000, 1000000);
    cr_assert(a, "out of memory");
    for (long i = 0; i < n; i++)
        a[i] = first + i;
    omp_set_num_threads(threads);
    struct two_sums got = map_reduce_two(recorded_add, recorded_multiply, a, b, n);
    slow_down(-1);
    check_two_sums(got, a, b, n, threads, idea);
    struct wb_calls *both[2] = {calls_f, calls_g};
    for (int m = 0; m < 2; m++) {
        long bad = wb_calls_first_not_once(both[m]);
        cr_assert_eq(bad, -1,
                     "map_reduce_two(f, g, a, b, %ld) with %d thread%s, the calls of %s: %s",
                     n, threads, WB_PLURAL(threads), m ? "g" : "f",
                     wb_once_text(both[m], bad, 0, threads, "each map's loop shares the "
                                  "items 0 to n - 1 among the team; each is handled once by "
                                  "each map."));
    }
    free(a);
    free(b);
}

static void free_two(void)
{
    wb_calls_free(calls_f);
    wb_calls_free(calls_g);
    calls_f = calls_g = NULL;
}

WB_TEST(mapreduce, two_maps_results)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t c = 0; c < k; c++) {
        int threads = counts[c];
        long sizes[] = {0, 1, 2, threads, threads + 1, wb_random_between(100, 100000)};
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            long n = sizes[s];
            long long *a = new_values(n, -1000000, 1000000);
            long long *b = new_values(n, -1000000, 1000000);
            omp_set_num_threads(threads);
            struct two_sums got = map_reduce_two(add, multiply, a, b, n);
            check_two_sums(got, a, b, n, threads, SUMS);
            free(a);
            free(b);
            recorded_two(n, threads, wb_random_between(-1000000, 1000000), SUMS);
            free_two();
        }
        /* The last thread slow, then thread 0: either comes to the end last. */
        for (int round = 0; threads > 1 && round < 4; round++) {
            slow_down(round % 2 ? 0 : threads - 1);
            recorded_two(wb_random_between(10L * threads, 5000), threads,
                         wb_random_between(-1000, 1000), BARRIER);
            free_two();
        }
    }
}

/* The meeting: the first call of f or g (whichever comes first) waits until
 * a call of the other function has started, or gives up. */
static atomic_int started[2], waiter, gave_up;
static struct timespec give_up_at;

static int past(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec > t->tv_sec || (now.tv_sec == t->tv_sec && now.tv_nsec >= t->tv_nsec);
}

static void meet(int map)
{
    atomic_fetch_add(&started[map], 1);
    if (atomic_exchange(&waiter, 1))
        return;
    while (!atomic_load(&started[1 - map])) {
        if (past(&give_up_at)) {
            atomic_store(&gave_up, 1 + map);
            return;
        }
        struct timespec nap = {0, 50000};
        nanosleep(&nap, NULL);
    }
}

static long long meeting_add(long long a, long long b)
{
    meet(0);
    return a + b;
}

static long long meeting_multiply(long long a, long long b)
{
    meet(1);
    return a * b;
}

static void check_at_once(long n, int threads)
{
    for (int m = 0; m < 2; m++)
        atomic_store(&started[m], 0);
    atomic_store(&waiter, 0);
    atomic_store(&gave_up, 0);
    clock_gettime(CLOCK_MONOTONIC, &give_up_at);
    give_up_at.tv_sec += 2;
    long long *a = new_values(n, -1000, 1000), *b = new_values(n, -1000, 1000);
    omp_set_num_threads(threads);
    struct two_sums got = map_reduce_two(meeting_add, meeting_multiply, a, b, n);
    check_two_sums(got, a, b, n, threads, SUMS);
    int failed = atomic_load(&gave_up);
    cr_assert(!failed,
              "map_reduce_two(f, g, a, b, %ld) with %d threads: the first call of %s waited "
              "two seconds for a call of %s to start, and none did. Idea: the two maps run at "
              "the same time, in one region: `#pragma omp for nowait` on the first loop "
              "lets a thread that is done with its share of f start on g while others "
              "still call f. Two loops with a barrier between them (no nowait, or two "
              "regions), or a critical section around a map, run the maps one after the "
              "other.", n, threads, failed == 1 ? "f" : "g", failed == 1 ? "g" : "f");
    free(a);
    free(b);
}

WB_TEST(mapreduce, two_maps_at_once)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t c = 0; c < k; c++) {
        int threads = counts[c];
        long n = wb_random_between(64L * threads, 20000);
        recorded_two(n, threads, wb_random_between(-1000, 1000), SUMS);
        wb_assert_kernel_threads(calls_f, threads, "map_reduce_two(f, g, a, b, %ld) with a "
                                 "team of %d, the calls of f", n, threads);
        wb_assert_kernel_threads(calls_g, threads, "map_reduce_two(f, g, a, b, %ld) with a "
                                 "team of %d, the calls of g", n, threads);
        free_two();
        if (threads > 1)
            check_at_once(wb_random_between(4L * threads, 2000), threads);
    }
}

/* --- summarize ------------------------------------------------------------------ */

static const struct summary EMPTY = {0, 0, LLONG_MAX, LLONG_MIN, SUMMARY_NO_ITEM,
                                     SUMMARY_NO_ITEM};

/* One more item in a summary, with the tie rule. */
static void summary_add(struct summary *s, long i, long long v)
{
    s->count++;
    s->sum += v;
    if (v < s->min || (v == s->min && i < s->min_at)) {
        s->min = v;
        s->min_at = i;
    }
    if (v > s->max || (v == s->max && i < s->max_at)) {
        s->max = v;
        s->max_at = i;
    }
}

/* The answer, one item at a time. */
static struct summary summary_serially(value_fn value, long n)
{
    struct summary s = EMPTY;
    /* The identity's index loses a tie with every real one. */
    for (long i = 0; i < n; i++)
        summary_add(&s, i, value(i));
    return s;
}

static int same_summary(struct summary x, struct summary y)
{
    return x.count == y.count && x.sum == y.sum && x.min == y.min && x.max == y.max &&
           x.min_at == y.min_at && x.max_at == y.max_at;
}

static const char *IDENTITY =
    "the summary of nothing, the identity every thread's partial starts from, is {0, 0, "
    "LLONG_MAX, LLONG_MIN, SUMMARY_NO_ITEM, SUMMARY_NO_ITEM}: every real value is at "
    "most its min and at least its max, and a real item wins a tie with it by its index.";
static const char *COMBINE =
    "combining two partial summaries adds their counts and sums and keeps the better "
    "min and max of the two, so that the result does not depend on how the items were "
    "split or in which order the partials came.";
static const char *SHARED;
static const char *TIES =
    "the values are right, an index is not: several items share that value, and the "
    "smallest index must win, in the update for each item (v < s.min, not <=) and in "
    "the combiner, which compares the indexes when the values are equal. OpenMP "
    "combines the partials in an order of its own; without the tie rule the answer "
    "depends on it.";

/*
 * Which thread of the team handled each item, recorded while `owner` is
 * set (check_summary and check_keys hand the code under test a value or a
 * key that notes it): the evidence that a wrong result is one thread's
 * share alone, or that a tied index is the last of a thread's items.
 */
static int *owner;
static long owner_size;

static void note_owner(long i)
{
    if (owner && i >= 0 && i < owner_size)
        owner[i] = omp_get_thread_num();
}

static void owner_start(long n)
{
    owner_size = n;
    owner = malloc(((size_t)n + 1) * sizeof *owner);
    cr_assert(owner, "out of memory");
    for (long i = 0; i < n; i++)
        owner[i] = -1;
}

static int *owner_stop(void)
{
    int *record = owner;
    owner = NULL;
    return record;
}

/* "items 10 to 19" or "7 of the 40 items": what thread t handled. */
static const char *share_text(const int *record, long n, int t)
{
    static char text[96];
    long items = 0, lo = -1, hi = -1;
    for (long i = 0; i < n; i++)
        if (record[i] == t) {
            if (lo < 0)
                lo = i;
            hi = i;
            items++;
        }
    if (items == 0)
        snprintf(text, sizeof text, "it had no item");
    else if (items == 1)
        snprintf(text, sizeof text, "item %ld", lo);
    else if (hi - lo + 1 == items)
        snprintf(text, sizeof text, "items %ld to %ld", lo, hi);
    else
        snprintf(text, sizeof text, "%ld of the %ld items", items, n);
    return text;
}

static char summary_idea[1024];

/* got is the summary of one thread's items alone: " Idea: ..." or "". */
static const char *one_share_summary(value_fn value, long n, int threads, const int *record,
                                     struct summary got)
{
    if (!record || threads < 2 || threads > 64 || got.count >= n)
        return "";
    struct summary share[64];
    for (int t = 0; t < threads; t++)
        share[t] = EMPTY;
    for (long i = 0; i < n; i++)
        if (record[i] >= 0 && record[i] < threads)
            summary_add(&share[record[i]], i, value(i));
    for (int t = 0; t < threads; t++)
        if (same_summary(got, share[t])) {
            snprintf(summary_idea, sizeof summary_idea,
                     "that is the summary of thread %d's items alone (%s): the other "
                     "threads' partials were lost when the partials were combined. The "
                     "combiner merges omp_in into omp_out: it adds the counts and sums and "
                     "keeps the better min and max; one that copies (omp_out = omp_in) "
                     "keeps a single partial.", t, share_text(record, n, t));
            return summary_idea;
        }
    return "";
}

/* The values are right and an index is wrong: which tie rule the record
 * shows was broken, or TIES. */
static const char *tie_idea(value_fn value, long n, const int *record, struct summary got,
                            struct summary want)
{
    int is_min = got.min_at != want.min_at;
    const char *field = is_min ? "min_at" : "max_at";
    long at = is_min ? got.min_at : got.max_at, first = is_min ? want.min_at : want.max_at;
    long long v = is_min ? want.min : want.max;
    if (at == SUMMARY_NO_ITEM) {
        snprintf(summary_idea, sizeof summary_idea,
                 "%s is SUMMARY_NO_ITEM, the identity's index, although item %ld has that "
                 "%s (%lld, equal to the identity's own): on equal values the smaller index "
                 "wins, and every real index is smaller than SUMMARY_NO_ITEM.", field, first,
                 is_min ? "min" : "max", v);
        return summary_idea;
    }
    if (!record || at < 0 || at >= n || record[at] < 0)
        return TIES;
    int t = record[at];
    long first_t = -1, last_t = -1;
    for (long i = 0; i < n; i++)
        if (record[i] == t && value(i) == v) {
            if (first_t < 0)
                first_t = i;
            last_t = i;
        }
    if (at == last_t && last_t != first_t)
        snprintf(summary_idea, sizeof summary_idea,
                 "%s is %ld, the LAST of thread %d's items with that value (its first is "
                 "item %ld): in the update for each item, a later equal value replaced an "
                 "earlier one. The min changes only for v < s.min, the max for v > s.max "
                 "(or, for equal values, when the index is smaller).", field, at, t,
                 first_t);
    else if (at == first_t && first >= 0 && first < n && record[first] != t)
        snprintf(summary_idea, sizeof summary_idea,
                 "%s is %ld, the first item with that value among thread %d's, but thread "
                 "%d had an earlier one, item %ld: thread %d's index won the tie. When two "
                 "values are equal, the smaller index wins, in the combiner too: OpenMP "
                 "combines the threads' partials in an order of its own.", field, at, t,
                 record[first], first, t);
    else
        return TIES;
    return summary_idea;
}

/* A min or a max that no item has: the identity's (0, INT_MAX, INT_MIN). */
static const char *identity_idea(struct summary got, struct summary want)
{
    if (got.max == 0 && want.max < 0)
        return "the max is 0, a value no item has (every value is negative): the max "
               "starts at LLONG_MIN, below every value, not at 0.";
    if (got.min == 0 && want.min > 0)
        return "the min is 0, a value no item has (every value is positive): the min "
               "starts at LLONG_MAX, above every value, not at 0.";
    if (got.min == INT_MAX && want.min > INT_MAX)
        return "the min is INT_MAX (2147483647), a value no item has: INT_MAX is the "
               "largest int, and every value here is larger. The min starts at LLONG_MAX, "
               "the largest long long.";
    if (got.max == INT_MIN && want.max < INT_MIN)
        return "the max is INT_MIN (-2147483648), a value no item has: INT_MIN is the "
               "smallest int, and every value here is smaller. The max starts at "
               "LLONG_MIN, the smallest long long.";
    return "";
}

/* Says which part of a summary went wrong, and the idea behind it. */
static const char *idea_for_summary(value_fn value, long n, int threads, const int *record,
                                    struct summary got, struct summary want,
                                    const char *idea)
{
    const char *shown = one_share_summary(value, n, threads, record, got);
    if (*shown)
        return shown;
    if (got.count == want.count && got.sum == want.sum && got.min == want.min &&
        got.max == want.max)
        return tie_idea(value, n, record, got, want);
    shown = identity_idea(got, want);
    if (*shown)
        return shown;
    /* The same call again, with a team: a race when it answers otherwise. */
    for (int retry = 0; threads > 1 && retry < 3; retry++) {
        struct summary again = summarize(value, n);
        if (!same_summary(again, got)) {
            snprintf(summary_idea, sizeof summary_idea,
                     "the same call again returned {count %ld, sum %lld, min %lld at %ld, "
                     "max %lld at %ld}: the answer changes from run to run, and %s", again.count,
                     again.sum, again.min, again.min_at, again.max, again.max_at, SHARED);
            return summary_idea;
        }
    }
    /* TIES names the indexes, SHARED a race: with a wrong count, sum, min
     * or max and the same answer every time, neither fits. */
    return idea == TIES || idea == SHARED ? COMBINE : idea;
}

/* The identity's own mistakes, field by field: what summarize(f, 0) gave. */
static const char *empty_idea(struct summary got)
{
    static char text[1024];
    int used = 0;
    if (got.count != 0 || got.sum != 0)
        used += snprintf(text + used, sizeof text - (size_t)used, " Its count and sum "
                         "are 0: no item was summarized.");
    if (got.min == INT_MAX)
        used += snprintf(text + used, sizeof text - (size_t)used, " Its min is INT_MAX, "
                         "the largest int, not LLONG_MAX, the largest long long: a value "
                         "above INT_MAX would never replace it.");
    else if (got.min != LLONG_MAX)
        used += snprintf(text + used, sizeof text - (size_t)used, " Its min is %lld, not "
                         "LLONG_MAX: a value above %lld would never replace it.", got.min,
                         got.min);
    if (got.max == INT_MIN)
        used += snprintf(text + used, sizeof text - (size_t)used, " Its max is INT_MIN, "
                         "the smallest int, not LLONG_MIN, the smallest long long: a value "
                         "below INT_MIN would never replace it.");
    else if (got.max != LLONG_MIN)
        used += snprintf(text + used, sizeof text - (size_t)used, " Its max is %lld, not "
                         "LLONG_MIN: a value below %lld would never replace it%s.", got.max,
                         got.max, got.max == 0 ? " (every value negative)" : "");
    if (got.min_at != SUMMARY_NO_ITEM || got.max_at != SUMMARY_NO_ITEM)
        snprintf(text + used, sizeof text - (size_t)used, " Its indexes are "
                 "SUMMARY_NO_ITEM, so that a real item wins every tie with it.");
    return text;
}

static long long mixed(long i);
static long long recorded_mixed(long i);

/* The value handed to summarize by check_summary: it notes the thread. */
static value_fn value_now;

static long long owned_value(long i)
{
    note_owner(i);
    return value_now(i);
}

static void check_summary(value_fn value, const char *name, long n, int threads,
                          const char *idea)
{
    omp_set_num_threads(threads);
    value_now = value;
    owner_start(n);
    struct summary got = summarize(owned_value, n);
    int *record = owner_stop();
    slow_down(-1);
    value_fn plain = value == recorded_mixed ? mixed : value;
    struct summary want = summary_serially(plain, n);
    cr_assert(same_summary(got, want),
              "summarize(%s, %ld) with %d thread%s returned {count %ld, sum %lld, min %lld "
              "at %ld, max %lld at %ld}, expected {count %ld, sum %lld, min %lld at %ld, "
              "max %lld at %ld}. Idea: %s", name, n, threads, WB_PLURAL(threads),
              got.count, got.sum, got.min, got.min_at, got.max, got.max_at, want.count,
              want.sum, want.min, want.min_at, want.max, want.max_at,
              idea_for_summary(plain, n, threads, record, got, want, idea));
    free(record);
}

static long long hashed(long i)
{
    return (long long)((unsigned long)i * 2654435761UL % 1000003UL);
}

static long long mixed(long i)
{
    return hashed(i) - 500000;
}

static struct wb_calls *calls_v;

static long long recorded_mixed(long i)
{
    wb_calls_record(calls_v, i);
    return mixed(i);
}

static long long positive(long i)
{
    maybe_slow_down();
    return 1000 + hashed(i) % 100000;
}

static long long negative(long i)
{
    maybe_slow_down();
    return -1 - (i + 500) % 977 * 1000 - hashed(i) % 1000;
}

static long long below_int_min(long i)
{
    return hashed(i) - 10000000000000LL;
}

static long long above_int_max(long i)
{
    return 10000000000000LL - hashed(i);
}

/* LLONG_MIN at one item and LLONG_MAX at another, 0 elsewhere: every
 * partial sum stays within a long long. */
static long extreme_min_at, extreme_max_at;

static long long extremes(long i)
{
    return i == extreme_min_at ? LLONG_MIN : i == extreme_max_at ? LLONG_MAX : 0;
}

static long long only_llong_min(long i)
{
    (void)i;
    return LLONG_MIN;
}

static long long only_llong_max(long i)
{
    (void)i;
    return LLONG_MAX;
}


WB_TEST(mapreduce, summary_results)
{
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t c = 0; c < k; c++) {
        int threads = counts[c];
        omp_set_num_threads(threads);
        struct summary none = summarize(mixed, 0);
        cr_assert(same_summary(none, EMPTY),
                  "summarize(f, 0) with %d thread%s returned {count %ld, sum %lld, min "
                  "%lld at %ld, max %lld at %ld}, expected the summary of nothing, {0, 0, "
                  "LLONG_MAX, LLONG_MIN, SUMMARY_NO_ITEM, SUMMARY_NO_ITEM}. Idea: it is "
                  "also the identity, the summary every thread's partial starts from.%s",
                  threads, WB_PLURAL(threads), none.count, none.sum, none.min,
                  none.min_at, none.max, none.max_at, empty_idea(none));
        long sizes[] = {1, 2, threads + 1, 1000, wb_random_between(1000, 100000)};
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            long n = sizes[s];
            check_summary(mixed, "mixed", n, threads, COMBINE);
            check_summary(positive, "positive", n, threads, IDENTITY);
            check_summary(negative, "negative", n, threads, IDENTITY);
            check_summary(below_int_min, "below INT_MIN", n, threads, IDENTITY);
            check_summary(above_int_max, "above INT_MAX", n, threads, IDENTITY);
            extreme_min_at = wb_random_between(0, n - 1);
            extreme_max_at = wb_random_between(0, n - 1);
            if (extreme_max_at == extreme_min_at)
                extreme_max_at = -1;
            check_summary(extremes, "LLONG_MIN and LLONG_MAX", n, threads, IDENTITY);
        }
        check_summary(only_llong_min, "always LLONG_MIN", 1, threads, IDENTITY);
        check_summary(only_llong_max, "always LLONG_MAX", 1, threads, IDENTITY);
        /* The last thread or thread 0 comes last to the combiner. */
        for (int round = 0; threads > 1 && round < 4; round++) {
            slow_down(round % 2 ? 0 : threads - 1);
            check_summary(round < 2 ? positive : negative, round < 2 ? "positive" : "negative",
                          wb_random_between(10L * threads, 5000), threads, COMBINE);
        }
        /* A real team, each item once. */
        long n = wb_random_between(64L * threads, 20000);
        calls_v = wb_calls_new(n);
        check_summary(recorded_mixed, "f", n, threads, COMBINE);
        long bad = wb_calls_first_not_once(calls_v);
        cr_assert_eq(bad, -1, "summarize(f, %ld) with %d thread%s: %s", n, threads,
                     WB_PLURAL(threads),
                     wb_once_text(calls_v, bad, 0, threads, "one parallel loop shares the "
                                  "items 0 to n - 1 among the team."));
        wb_assert_kernel_threads(calls_v, threads, "summarize(f, %ld) with a team of %d", n,
                                 threads);
        wb_calls_free(calls_v);
        calls_v = NULL;
    }
}

/* Values with many ties. */
static long long constant(long i)
{
    maybe_slow_down();
    (void)i;
    return 42;
}

static long long mod_seven(long i)
{
    maybe_slow_down();
    return i % 7;
}

static long long plateau(long i)
{
    maybe_slow_down();
    return i < 300 ? i : 300;
}

/* 0 on thread 0's block (under the static schedule) and 7 from the next
 * block on: the largest value first occurs in thread 1's partial, ties in
 * every later one, and the smallest value ties all over thread 0's block. */
static long tie_from;

static long long tied_after_block_0(long i)
{
    maybe_slow_down();
    return i >= tie_from ? 7 : 0;
}

WB_TEST(mapreduce, summary_ties)
{
    static const struct {
        value_fn value;
        const char *name;
    } tied[] = {{constant, "always 42"}, {mod_seven, "i % 7"}, {plateau, "min(i, 300)"},
                {tied_after_block_0, "7 from thread 1's items on"}};
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t c = 0; c < k; c++) {
        int threads = counts[c];
        for (int round = 0; round < 8; round++) {
            long n = round < 4 ? wb_random_between(10L * threads, 2000)
                               : wb_random_between(2000, 100000);
            tie_from = n / threads + n % threads;   /* thread 1's first item */
            if (tie_from >= n)
                tie_from = n - 1;
            for (size_t t = 0; t < sizeof tied / sizeof tied[0]; t++) {
                /* Thread 0 slow, so its partial comes last; or the last
                 * thread slow, so that thread 0's comes first. */
                if (threads > 1)
                    slow_down(round % 2 ? 0 : threads - 1);
                check_summary(tied[t].value, tied[t].name, n, threads, TIES);
            }
        }
    }
}

/* --- count_keys ----------------------------------------------------------------- */

static int key_mod_16(long i)
{
    return (int)(i % KEY_COUNT);
}

static int key_hashed(long i)
{
    return (int)(hashed(i) % KEY_COUNT);
}

static int key_zero(long i)
{
    (void)i;
    return 0;
}

static int key_last(long i)
{
    (void)i;
    return KEY_COUNT - 1;
}

static int key_blocks_of_seven(long i)
{
    return (int)(i / 7 % KEY_COUNT);
}

static int (*key_now)(long i);
static struct wb_calls *calls_k;

static int recorded_key(long i)
{
    wb_calls_record(calls_k, i);
    return key_now(i);
}

/* The key handed to count_keys by check_keys: it notes the thread. */
static key_fn key_inner;

static int owned_key(long i)
{
    note_owner(i);
    return key_inner(i);
}

static const char *COUNTS;
static const char *KEYS_RACE =
    "threads that update one shared count at once lose each other's increments (a data "
    "race): each thread counts into counts of its own, merged when the loop ends (a "
    "reduction declared for struct key_counts), or each increment of a shared count is "
    "atomic.";

/* What wrong counts show: one thread's counts alone, or a race (the same
 * call again counts differently); else the test's own idea. */
static const char *keys_idea(key_fn key, long n, int threads, const int *record,
                             const struct key_counts *got, const char *idea)
{
    static char text[1024];
    if (record && threads > 1 && threads <= 64) {
        static struct key_counts share[64];
        memset(share, 0, sizeof share);
        for (long i = 0; i < n; i++)
            if (record[i] >= 0 && record[i] < threads)
                share[record[i]].count[key(i)]++;
        long total = 0;
        for (int b = 0; b < KEY_COUNT; b++)
            total += got->count[b];
        for (int t = 0; t < threads && total < n; t++)
            if (!memcmp(&share[t], got, sizeof *got)) {
                snprintf(text, sizeof text,
                         " Idea: those are the counts of thread %d's items alone (%s): the "
                         "other threads' counts were lost when the partial counts were "
                         "merged. The combiner adds every count of omp_in into omp_out; one "
                         "that copies (omp_out = omp_in) keeps a single thread's counts.", t,
                         share_text(record, n, t));
                return text;
            }
    }
    for (int retry = 0; threads > 1 && retry < 3; retry++) {
        struct key_counts again = count_keys(key, n);
        for (int b = 0; b < KEY_COUNT; b++)
            if (again.count[b] != got->count[b]) {
                snprintf(text, sizeof text,
                         " The same call again gave count[%d] = %ld: the answer changes "
                         "from run to run. Idea: %s", b, again.count[b], KEYS_RACE);
                return text;
            }
    }
    snprintf(text, sizeof text, " Idea: %s", idea == SHARED ? COUNTS : idea);
    return text;
}

static void check_keys(key_fn key, const char *name, long n, int threads, const char *idea)
{
    omp_set_num_threads(threads);
    key_inner = key;
    owner_start(n);
    struct key_counts got = count_keys(owned_key, n);
    int *record = owner_stop();
    key_fn plain = key == recorded_key ? key_now : key;
    struct key_counts want = {{0}};
    for (long i = 0; i < n; i++)
        want.count[plain(i)]++;
    for (int b = 0; b < KEY_COUNT; b++)
        if (got.count[b] != want.count[b])
            cr_assert_fail("count_keys(%s, %ld) with %d thread%s: count[%d] is %ld, expected "
                           "%ld (%ld %s).%s", name, n, threads, WB_PLURAL(threads), b,
                           got.count[b], want.count[b], labs(got.count[b] - want.count[b]),
                           got.count[b] < want.count[b] ? "lost" : "too many",
                           keys_idea(plain, n, threads, record, &got, idea));
    free(record);
}

static const char *COUNTS =
    "every i from 0 to n - 1 is counted once, under its key; each thread's counts start "
    "at 0 and are added up once when the loop ends (a reduction declared for struct "
    "key_counts adds every count of omp_in into omp_out).";

WB_TEST(mapreduce, keys_counted)
{
    static const struct {
        key_fn key;
        const char *name;
    } keys[] = {{key_mod_16, "i % 16"}, {key_hashed, "hashed"}, {key_zero, "always 0"},
                {key_last, "always 15"}, {key_blocks_of_seven, "i / 7 % 16"}};
    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t c = 0; c < k; c++) {
        int threads = counts[c];
        long sizes[] = {0, 1, threads > 1 ? threads - 1 : 2, threads,
                        wb_random_between(1000, 200000)};
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
            for (size_t q = 0; q < sizeof keys / sizeof keys[0]; q++)
                check_keys(keys[q].key, keys[q].name, sizes[s], threads, COUNTS);
        long n = wb_random_between(64L * threads, 20000);
        calls_k = wb_calls_new(n);
        key_now = key_hashed;
        check_keys(recorded_key, "key", n, threads, COUNTS);
        long bad = wb_calls_first_not_once(calls_k);
        cr_assert_eq(bad, -1, "count_keys(key, %ld) with %d thread%s: %s", n, threads,
                     WB_PLURAL(threads),
                     wb_once_text(calls_k, bad, 0, threads, "one parallel loop shares the "
                                  "items 0 to n - 1 among the team."));
        wb_assert_kernel_threads(calls_k, threads, "count_keys(key, %ld) with a team of %d",
                                 n, threads);
        wb_calls_free(calls_k);
        calls_k = NULL;
    }
}

/* --- Races: a shared summary, shared counts ---------------------------------------- */

static const char *SHARED =
    "threads that update one shared struct lose each other's updates (a data race). "
    "Give each thread a copy of its own and combine the copies once, with a reduction "
    "declared for the struct (#pragma omp declare reduction).";

static long long colliding_value(long i)
{
    wb_collide_at(i);
    return mixed(i);
}

static void summary_collision(int round, int threads)
{
    long n = threads * wb_random_between(50, 400);
    wb_collision_plan(0, n, threads, round);
    omp_set_num_threads(threads);
    wb_collision.on = 1;
    struct summary got = summarize(colliding_value, n);
    wb_collision.on = 0;
    struct summary want = summary_serially(mixed, n);
    cr_assert(same_summary(got, want),
              "summarize(f, %ld) with %d threads, round %d: got {count %ld, sum %lld, min "
              "%lld at %ld, max %lld at %ld}, expected {count %ld, sum %lld, min %lld at "
              "%ld, max %lld at %ld}. In this round f made the threads summarizing items "
              "%lld and %lld update their result at the same instant. Idea: %s", n,
              threads, round + 1, got.count, got.sum, got.min, got.min_at, got.max,
              got.max_at, want.count, want.sum, want.min, want.min_at, want.max,
              want.max_at, wb_collision.a, wb_collision.b, SHARED);
}

/* key_hashed, except that the two colliding items both have key 0. */
static int colliding_key(long i)
{
    if (i == wb_collision.a || i == wb_collision.b) {
        wb_collide_at(i);
        return 0;
    }
    return key_hashed(i);
}

static void keys_collision(int round, int threads)
{
    long n = threads * wb_random_between(50, 400);
    wb_collision_plan(0, n, threads, round);
    omp_set_num_threads(threads);
    wb_collision.on = 1;
    struct key_counts got = count_keys(colliding_key, n);
    wb_collision.on = 0;
    struct key_counts want = {{0}};
    for (long i = 0; i < n; i++)
        want.count[i == wb_collision.a || i == wb_collision.b ? 0 : key_hashed(i)]++;
    for (int b = 0; b < KEY_COUNT; b++)
        cr_assert_eq(got.count[b], want.count[b],
                     "count_keys(key, %ld) with %d threads, round %d: count[%d] is %ld, "
                     "expected %ld. In this round two threads counted items %lld and %lld "
                     "under key 0 at the same instant. Idea: %s", n, threads, round + 1, b,
                     got.count[b], want.count[b], wb_collision.a, wb_collision.b, SHARED);
}

static void summary_or_keys_collision(int round, int threads)
{
    if (round % 2)
        keys_collision(round, threads);
    else
        summary_collision(round, threads);
}

WB_TEST(mapreduce, reductions_race_free)
{
    /* Long runs at 4 and 8 threads, where threads overlap by chance ... */
    for (int round = 0; round < 4; round++) {
        int threads = round < 2 ? 4 : 8;
        long n = wb_random_between(100000, 200000);
        check_summary(mixed, "mixed", n, threads, SHARED);
        check_keys(key_zero, "always 0", n, threads, SHARED);
    }
    /* ... and short ones where two threads update at the same instant, in
     * turns (the collisions pin threads to CPUs: one series for both). */
    wb_collision_rounds(summary_or_keys_collision, 200, 40);
}
