/*
 * unsafe_fork_after_parallel.c - why every pool in this lesson starts
 * BEFORE the program's first OpenMP parallel region.
 *
 * After a parallel region, the OpenMP runtime keeps its threads waiting for
 * the next one. fork() copies only the thread that called it: the child gets
 * the runtime's memory, which says those threads exist, but not the threads.
 * With GCC's runtime (libgomp), the child's next parallel region waits for
 * them forever. LLVM's runtime (libomp, used by clang) notices the fork and
 * starts afresh in the child. Neither is a promise: POSIX lets the child of
 * a multithreaded process make only a few simple calls (the
 * async-signal-safe ones) until it starts another program, and a parallel
 * region is not one of them.
 *
 * To see it at all without hanging, the parent stops a child that is still
 * stuck after 2 seconds. pause_before_fork.c shows a way out.
 *
 * Run it:    ./workbook run 05 unsafe_fork_after_parallel -t 2
 *            ./workbook run 05 unsafe_fork_after_parallel -t 2 --compiler clang
 */
#define _POSIX_C_SOURCE 200809L   /* for fork(), kill(), waitpid(), nanosleep() */
#include <omp.h>
#include <signal.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The size of the team a plain parallel region gets. */
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
    printf("Parent: a parallel region of %d thread%s is over; now fork()\n", team,
           team == 1 ? "" : "s");
    fflush(stdout);   /* or the child would print a copy of the parent's buffer */

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

    int ended = child_ended(child);
    if (!ended)
        puts("Child: stuck in its parallel region for 2 s, so the parent stopped it");
    if (team == 1)
        puts("The parent's team had one thread, so there were no waiting threads to lose:"
             " this run shows nothing about fork(). Try -t 2.");
    else if (ended)
        puts("This runtime started afresh in the child; the OpenMP standard does not"
             " promise that, and GCC's runtime hangs here.");
    else
        puts("This runtime cannot run a parallel region in a child forked after one.");
    puts("Rule: start fork() pools before the first parallel region");
    return 0;
}
