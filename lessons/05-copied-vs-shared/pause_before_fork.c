/*
 * pause_before_fork.c - a second way out of the trap of
 * unsafe_fork_after_parallel.c: let the runtime give up its threads before
 * fork().
 *
 * omp_pause_resource_all(omp_pause_soft), from OpenMP 5.0, asks the
 * runtime to release what it holds between regions, its waiting threads
 * included; the next parallel region starts them again. It returns 0 when
 * the runtime did so. After it, a forked child starts with a runtime that
 * has nothing to lose. GCC 12's runtime (libgomp) supports it, although
 * gcc reports OpenMP 4.5 as a whole, and so does clang 14's (libomp).
 *
 * (omp_pause_hard would release everything, and it is not for this: with
 * clang 14's runtime a child forked after a hard pause stopped at its first
 * region with an internal error.)
 *
 * Run it:    ./workbook run 05 pause_before_fork -t 2
 *            ./workbook run 05 pause_before_fork -t 2 --compiler clang
 */
#define _POSIX_C_SOURCE 200809L   /* for fork(), kill(), waitpid(), nanosleep() */
#include <omp.h>
#include <signal.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int team_size(void)
{
    int size = 0;
    #pragma omp parallel default(none) shared(size)
    {
        #pragma omp single
        size = omp_get_num_threads();
    }
    return size;
}

/* Wait for the child, at most 2 seconds, checking every 10 ms; 1 if it ended. */
static int child_ended(pid_t child)
{
    const struct timespec tick = {0, 10000000L};
    for (int waited = 0; waited < 200; waited++) {
        if (waitpid(child, NULL, WNOHANG) == child)
            return 1;
        nanosleep(&tick, NULL);
    }
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    return 0;
}

int main(void)
{
    int team = team_size();
    printf("Parent: a parallel region of %d thread%s is over\n", team, team == 1 ? "" : "s");

    /* Release the waiting threads: what fork() would otherwise lose. */
    int paused = omp_pause_resource_all(omp_pause_soft);
    printf("Parent: omp_pause_resource_all(omp_pause_soft) returned %d%s; now fork()\n",
           paused, paused == 0 ? " (done)" : " (this runtime could not pause)");
    fflush(stdout);

    pid_t child = fork();
    if (child < 0) {
        perror("fork");
        return 1;
    }
    if (child == 0) {
        int child_team = team_size();
        printf("Child: its own parallel region ran with %d thread%s\n", child_team,
               child_team == 1 ? "" : "s");
        fflush(stdout);
        _exit(0);
    }
    if (!child_ended(child))
        puts("Child: stuck in its parallel region for 2 s, so the parent stopped it");

    /* The parent goes on as before: the next region starts a team again. */
    int again = team_size();
    printf("Parent: its next parallel region ran with %d thread%s\n", again,
           again == 1 ? "" : "s");
    return 0;
}
