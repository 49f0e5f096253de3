/*
 * grading.h - what every graded test file shares.
 *
 * Each suite is declared as
 *
 *     TestSuite(parallel_map, .init = wb_setup, .fini = wb_teardown,
 *               .timeout = WB_TIMEOUT);
 *
 * so that every test of the workbook gets the same protections:
 *   - a time limit, so a deadlocked or endless student loop cannot hang a run;
 *   - omp_set_dynamic(0), so a team has exactly the threads a test asks for;
 *   - the student's own printing sent to /dev/null, so a flood of output
 *     cannot drown the report (set WB_SHOW_OUTPUT=1 to see it while debugging);
 *   - exit(), _exit(), _Exit() and quick_exit() called from the code under
 *     test fail the test instead of ending it early with status 0, which
 *     Criterion would otherwise count as a pass;
 *   - an end marker written only when a test reaches its end, which the
 *     grader requires before it awards a point.
 */
#ifndef WB_GRADING_H
#define WB_GRADING_H

#include <criterion/criterion.h>
#include <stddef.h>

/* Seconds a single test may run before it is reported as timed out. */
#define WB_TIMEOUT 20

void wb_setup(void);
void wb_teardown(void);

/*
 * The thread counts the key tests run at. The grader passes them from
 * workbook.toml in WB_THREADS ("1,2,3,4,8"); run by hand, the same default
 * applies. Returns how many counts *counts points to.
 */
size_t wb_thread_counts(const int **counts);

/* A pseudo-random integer in [low, high], different from run to run, so that
 * a hard-coded answer cannot pass (WB_SEED=N repeats a run). */
long wb_random_between(long low, long high);

/* The exact sum of x*x for first <= x <= last (0 when last < first), from
 * the closed form; first must be at least 0. */
long long wb_sum_of_squares(long long first, long long last);

/*
 * A record of calls made by the code under test to an instrumented function
 * (the "square" handed to a map). Each slot is one item: how many times it
 * was handled, by which thread, and how large that thread's team was.
 */
struct wb_calls {
    long size;            /* number of items recorded */
    int *count;           /* count[i]: how many times item i was handled */
    int *thread;          /* thread[i]: omp_get_thread_num() of the last handler */
    int *team;            /* team[i]: omp_get_num_threads() seen by that handler */
};

struct wb_calls *wb_calls_new(long size);
void wb_calls_free(struct wb_calls *calls);
/* Safe to call from many threads at once, for distinct or equal items. */
void wb_calls_record(struct wb_calls *calls, long item);

/* Index of the first item not handled exactly once, or -1 if all were. */
long wb_calls_first_not_once(const struct wb_calls *calls);
/* Number of distinct threads that handled at least one item. */
int wb_calls_threads_used(const struct wb_calls *calls);
/* Smallest and largest team size seen over all handled items. */
int wb_calls_min_team(const struct wb_calls *calls);
int wb_calls_max_team(const struct wb_calls *calls);

#endif
