/*
 * fork_pool.c - a small process pool built on fork() (see fork_pool.h).
 *
 * Each worker talks to the parent over its own socketpair(), a two-way pipe
 * that keeps messages whole (SOCK_SEQPACKET): one request (a task name and
 * up to POOL_CHUNK items) in, one reply (the results) out.
 */
#define _POSIX_C_SOURCE 200809L   /* fork, socketpair, waitpid in strict C11 */
#include "fork_pool.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* --- The registry: a plain global table. -------------------------------- */

static struct {
    char name[TASK_NAME_MAX];
    task_fn fn;
} registry[TASK_MAX];
static int registered;

int register_task(const char *name, task_fn fn)
{
    if (!name || strlen(name) >= TASK_NAME_MAX)
        return -1;
    for (int i = 0; i < registered; i++)
        if (strcmp(registry[i].name, name) == 0) {
            registry[i].fn = fn;
            return 0;
        }
    if (registered == TASK_MAX)
        return -1;
    strcpy(registry[registered].name, name);
    registry[registered].fn = fn;
    registered++;
    return 0;
}

task_fn find_task(const char *name)
{
    for (int i = 0; i < registered; i++)
        if (strcmp(registry[i].name, name) == 0)
            return registry[i].fn;
    return NULL;
}

void forget_all_tasks(void)
{
    registered = 0;
}

/* --- The messages. ------------------------------------------------------ */

struct request {
    char task[TASK_NAME_MAX];
    int count;
    long item[POOL_CHUNK];
};

struct reply {
    int status;               /* POOL_OK or POOL_UNKNOWN_TASK */
    pid_t pid;                /* the worker that computed the results */
    int count;
    long result[POOL_CHUNK];
};

struct fork_pool {
    int workers;
    pid_t pid[POOL_MAX_WORKERS];
    int fd[POOL_MAX_WORKERS];     /* the parent's end of each socketpair */
    char error[160];
};

/* --- The worker side. --------------------------------------------------- */

/* End this worker at once. Not exit(): the atexit handlers and the stdio
 * buffers this process copied from its parent belong to the parent, and
 * must not run or be flushed a second time. */
static void worker_exit(int status)
{
    _exit(status);
}

/* A worker's whole life: answer requests until the parent closes its end. */
static void worker_loop(int fd)
{
    struct request req;
    struct reply rep;

    while (recv(fd, &req, sizeof req, 0) == (ssize_t)sizeof req) {
        /* The whole reply is sent, the unused result slots too: zero them,
         * so that no byte of this process's old memory leaves it. */
        memset(&rep, 0, sizeof rep);
        /* The lookup happens HERE, in the worker's own copy of the registry:
         * a task registered in the parent after the fork is not in it. */
        task_fn fn = find_task(req.task);
        rep.pid = getpid();
        rep.status = fn ? POOL_OK : POOL_UNKNOWN_TASK;
        rep.count = fn ? req.count : 0;
        for (int k = 0; k < rep.count; k++)
            rep.result[k] = fn(req.item[k]);
        if (send(fd, &rep, sizeof rep, MSG_NOSIGNAL) != (ssize_t)sizeof rep)
            break;
    }
}

/* --- The parent side. --------------------------------------------------- */

static struct pool_tally tally;

const struct pool_tally *pool_tally(void)
{
    return &tally;
}

void pool_tally_reset(void)
{
    memset(&tally, 0, sizeof tally);
}

static void tally_add(pid_t pid, int results)
{
    tally.results += results;
    for (int i = 0; i < tally.workers; i++)
        if (tally.pid[i] == pid)
            return;
    if (tally.workers < POOL_TALLY_PIDS)
        tally.pid[tally.workers++] = pid;
}

struct fork_pool *pool_start(int workers)
{
    if (workers < 1 || workers > POOL_MAX_WORKERS)
        return NULL;
    struct fork_pool *pool = calloc(1, sizeof *pool);
    if (!pool)
        return NULL;
    fflush(NULL);   /* nothing half-printed gets copied into the workers */
    for (int w = 0; w < workers; w++) {
        int ends[2];
        if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, ends) != 0) {
            pool_stop(pool);
            return NULL;
        }
        pid_t pid = fork();
        if (pid == 0) {
            /* The new worker: a copy of the parent, memory and all. It keeps
             * only its own end; holding the other workers' ends would keep
             * their connections open after they die. */
            close(ends[0]);
            for (int k = 0; k < w; k++)
                close(pool->fd[k]);
            worker_loop(ends[1]);
            worker_exit(0);
        }
        close(ends[1]);
        if (pid < 0) {
            close(ends[0]);
            pool_stop(pool);
            return NULL;
        }
        pool->pid[w] = pid;
        pool->fd[w] = ends[0];
        pool->workers = w + 1;
    }
    return pool;
}

int pool_map(struct fork_pool *pool, const char *task, const long *in, long *out, long n)
{
    if (!pool || !task || strlen(task) >= TASK_NAME_MAX || (n > 0 && (!in || !out)))
        return POOL_BAD_CALL;
    pool->error[0] = '\0';

    /* Chunks of ceil(n / workers) items (at most POOL_CHUNK), dealt out in
     * fixed turns: a static schedule, not pool.map's queue (fork_pool.h). */
    long chunk = (n + pool->workers - 1) / pool->workers;
    if (chunk > POOL_CHUNK)
        chunk = POOL_CHUNK;
    int status = POOL_OK;
    long next = 0;
    while (next < n && status == POOL_OK) {
        /* One round: a chunk to each worker in turn, then each one's reply. */
        long first[POOL_MAX_WORKERS];
        int sent = 0;
        for (int w = 0; w < pool->workers && next < n; w++) {
            struct request req;
            memset(&req, 0, sizeof req);
            strcpy(req.task, task);
            req.count = (int)(n - next < chunk ? n - next : chunk);
            memcpy(req.item, in + next, (size_t)req.count * sizeof *in);
            /* MSG_NOSIGNAL: a send to a dead worker fails with an error
             * instead of killing the parent with SIGPIPE. */
            if (send(pool->fd[w], &req, sizeof req, MSG_NOSIGNAL) != (ssize_t)sizeof req) {
                snprintf(pool->error, sizeof pool->error,
                         "worker %d (process %d) has ended", w, (int)pool->pid[w]);
                status = POOL_WORKER_DIED;
                break;
            }
            first[w] = next;
            next += req.count;
            sent++;
        }
        for (int w = 0; w < sent; w++) {
            struct reply rep;
            /* recv() returns 0 (or fails) when the worker has died: the
             * parent learns it here instead of waiting forever. */
            if (recv(pool->fd[w], &rep, sizeof rep, 0) != (ssize_t)sizeof rep) {
                snprintf(pool->error, sizeof pool->error,
                         "worker %d (process %d) ended before it answered",
                         w, (int)pool->pid[w]);
                status = POOL_WORKER_DIED;
                continue;
            }
            if (rep.status == POOL_UNKNOWN_TASK) {
                snprintf(pool->error, sizeof pool->error,
                         "worker process %d has no task named \"%s\": it was "
                         "forked before \"%s\" was registered",
                         (int)rep.pid, task, task);
                if (status == POOL_OK)
                    status = POOL_UNKNOWN_TASK;
                continue;
            }
            memcpy(out + first[w], rep.result, (size_t)rep.count * sizeof *out);
            tally_add(rep.pid, rep.count);
        }
    }
    return status;
}

const char *pool_error(const struct fork_pool *pool)
{
    return pool ? pool->error : "no pool";
}

void pool_stop(struct fork_pool *pool)
{
    if (!pool)
        return;
    /* A worker's recv() returns 0 once its connection is closed: it leaves
     * its loop and ends. waitpid() collects each one, so none is left as a
     * zombie. */
    for (int w = 0; w < pool->workers; w++)
        close(pool->fd[w]);
    for (int w = 0; w < pool->workers; w++)
        while (waitpid(pool->pid[w], NULL, 0) < 0 && errno == EINTR)
            continue;
    free(pool);
}

void print_list(const char *label, const long *values, long n)
{
    printf("%s: [", label);
    for (long i = 0; i < n; i++)
        printf(i ? ", %ld" : "%ld", values[i]);
    printf("]\n");
}
