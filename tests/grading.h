/*
 * grading.h - what every graded test file shares.
 *
 * Each suite is declared as
 *
 *     TestSuite(parallel_map, .init = wb_setup, .timeout = WB_TIMEOUT);
 *
 * and each test as WB_TEST(suite, name) { ... } (never Criterion's bare
 * Test()), so that every test of the workbook gets the same protections:
 *   - a time limit, so a deadlocked or endless student loop cannot hang a run
 *     (the grader also kills a test that outlives it, whatever it blocks);
 *   - omp_set_dynamic(0), so a team has exactly the threads a test asks for;
 *   - the student's own printing sent to /dev/null, so a flood of output
 *     cannot drown the report (set WB_SHOW_OUTPUT=1 to see it while debugging);
 *   - exit(), _exit(), _Exit() and quick_exit() called from the code under
 *     test fail the test with a message instead of ending it early;
 *   - evidence of a pass that the code under test cannot forge: the grader
 *     hands each test a secret token of its own (see "Evidence" in
 *     grading.c), and a pass counts only when the test's body ran to its
 *     last line and wrote that token into the record file. Criterion's own
 *     report is read for messages only: code under test can reach it.
 */
#ifndef WB_GRADING_H
#define WB_GRADING_H

#include <criterion/criterion.h>
#include <stddef.h>
#include <sys/types.h>

/* Seconds a single test may run before it is reported as timed out. */
#define WB_TIMEOUT 20

void wb_setup(void);

/* Called by WB_TEST after the last line of a test's body: every assertion
 * before it held (a failed cr_assert leaves the body at once). */
void wb_passed(void);

/*
 * A graded test: Criterion's Test() whose body must run to its end for the
 * pass to be recorded. Tests use cr_assert* only: cr_expect* goes on after
 * a failure and would let the body reach its end (the self-test refuses it).
 */
#define WB_TEST(suite, name)                                   \
    static void wb_body_##suite##_##name(void);                \
    Test(suite, name) {                                        \
        wb_body_##suite##_##name();                            \
        wb_passed();                                           \
    }                                                          \
    static void wb_body_##suite##_##name(void)

/*
 * The thread counts the key tests run at. The grader passes them from
 * workbook.toml in WB_THREADS ("1,2,3,4,8"); run by hand, the same default
 * applies. Returns how many counts *counts points to.
 */
size_t wb_thread_counts(const int **counts);

/* A pseudo-random integer in [low, high], different from run to run, so that
 * a hard-coded answer cannot pass (WB_SEED=N repeats a run). The generator
 * is the harness's own: code under test calling srand() cannot steer it. */
long wb_random_between(long low, long high);

/* The exact sum of x*x for first <= x <= last (0 when last < first), from
 * the closed form; first must be at least 0. */
long long wb_sum_of_squares(long long first, long long last);

/* The CPUs this run may use at once: its affinity mask, and fewer when the
 * grader says so (WB_CPUS: a CPU quota, or a batch job's share). */
int wb_cpus(void);

/* For a test that needs `cpus` CPUs at once (two threads that must really
 * run at the same instant): on a run with fewer, the test ends here and its
 * record says so, instead of passing or failing on evidence it cannot get. */
void wb_need_cpus(int cpus);

/* The kernel's id of the calling thread: evidence of a real thread that no
 * function of the code under test can fake. */
pid_t wb_kernel_thread(void);

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
    pid_t *tid;           /* tid[i]: the kernel thread of that handler */
};

struct wb_calls *wb_calls_new(long size);
void wb_calls_free(struct wb_calls *calls);
/* Safe to call from many threads at once, for distinct or equal items. */
void wb_calls_record(struct wb_calls *calls, long item);

/* Index of the first item not handled exactly once, or -1 if all were. */
long wb_calls_first_not_once(const struct wb_calls *calls);
/* Number of distinct threads (by OpenMP number) that handled an item. */
int wb_calls_threads_used(const struct wb_calls *calls);
/* Number of distinct kernel threads that handled an item. */
int wb_calls_kernel_threads(const struct wb_calls *calls);
/* Smallest and largest team size seen over all handled items. */
int wb_calls_min_team(const struct wb_calls *calls);
int wb_calls_max_team(const struct wb_calls *calls);

#endif
