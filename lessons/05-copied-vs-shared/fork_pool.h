/*
 * fork_pool.h - a small process pool built on fork(), for lesson 05.
 *
 * Python's multiprocessing.Pool with the "fork" start method, reduced to its
 * bones:
 *
 *   - a registry: a global table of tasks, each a C function known by a
 *     name (Python finds `cube` by its name in the module the same way);
 *   - pool_start(): fork() the workers. Each worker is a new process with
 *     a COPY of this process's memory, registry included, as it was at the
 *     moment of the fork;
 *   - pool_map(): send the items to the workers with the name of a task;
 *     each worker looks the name up in ITS copy of the registry, runs the
 *     task and sends the results back;
 *   - pool_stop(): close the workers' connections, and wait for each to end.
 *
 * The C functions themselves are part of the program, in the parent and in
 * every worker, from the moment it starts. What a worker can lack is what
 * the parent did at run time after the fork: a task registered after
 * pool_start() is in the parent's registry but not in the workers' copies,
 * and pool_map() then fails with POOL_UNKNOWN_TASK, the C face of Python's
 * "AttributeError: Can't get attribute 'cube'".
 *
 * Never use OpenMP in a task, and start pools before the program's first
 * OpenMP parallel region (see unsafe_fork_after_parallel.c for why).
 */
#ifndef FORK_POOL_H
#define FORK_POOL_H

#include <sys/types.h>

/* A task: one item in, one result out, like `square` in the tutorial. */
typedef long (*task_fn)(long x);

/* --- The registry (one per process, in ordinary global memory). --------- */

#define TASK_NAME_MAX 32    /* longest name, with its final '\0' */
#define TASK_MAX 16         /* how many tasks the table holds */

/* Add fn under name (or replace the task of that name). 0, or -1 when the
 * name is too long or the table is full. */
int register_task(const char *name, task_fn fn);
/* The task of that name in this process's registry, or NULL. */
task_fn find_task(const char *name);
/* Empty the registry, as at the start of a new run of a program. */
void forget_all_tasks(void);

/* --- The pool. ---------------------------------------------------------- */

#define POOL_MAX_WORKERS 64
#define POOL_CHUNK 256

/* What pool_map() returns. */
enum {
    POOL_OK = 0,
    POOL_UNKNOWN_TASK = -1,   /* a worker has no task of that name */
    POOL_WORKER_DIED = -2,    /* a worker ended (crashed) before it answered */
    POOL_BAD_CALL = -3,       /* no pool, a NULL array or a bad name */
};

struct fork_pool;

/* Fork `workers` worker processes (1 to POOL_MAX_WORKERS). NULL on failure. */
struct fork_pool *pool_start(int workers);

/* out[i] = task(in[i]) for i in 0..n-1, computed by the workers, which run
 * at the same time. The items are cut into chunks of ceil(n / workers)
 * items (at most POOL_CHUNK), handed out in fixed turns: one chunk to
 * worker 0, the next to worker 1, and so on, then round again once every
 * worker has answered. That is a static schedule, like OpenMP's
 * schedule(static, chunk), and not what pool.map does: pool.map makes
 * chunks of about n / (4 * workers) items and lets each worker take the
 * next chunk as soon as it is free (schedule(monotonic: dynamic, chunk),
 * lesson 04). With fewer chunks than workers, the last workers get none
 * (5 items on 4 workers: chunks of 2, 2 and 1).
 * Returns POOL_OK or one of the errors above; on an error, pool_error()
 * says what went wrong. */
int pool_map(struct fork_pool *pool, const char *task, const long *in, long *out, long n);

/* A sentence about the last error of this pool ("" when there was none). */
const char *pool_error(const struct fork_pool *pool);

/* End the workers and wait for each of them (no zombie is left behind). */
void pool_stop(struct fork_pool *pool);

/* --- A tally of the work the workers sent back. -------------------------
 * Kept by this process over all its pools, so that the lesson programs can
 * show, and the graded tests can check, that the results really came from
 * other processes. */

#define POOL_TALLY_PIDS 256

struct pool_tally {
    long results;                    /* results received from workers */
    int workers;                     /* distinct workers that sent them */
    pid_t pid[POOL_TALLY_PIDS];      /* their process ids */
};

const struct pool_tally *pool_tally(void);
void pool_tally_reset(void);

/* Print "label: [v0, v1, ...]" and a newline, as Python prints a list. */
void print_list(const char *label, const long *values, long n);

#endif
