/*
 * Hostile: a fork bomb, bounded so that the machine survives even if the
 * process limit failed: every process forks for 10 generations or until
 * fork fails (at most 1024 processes a call; the sandbox's limit is 256),
 * each new process sleeps 3 s, waits for its children and exits; the test
 * process waits for them all. Only allowed calls (fork, sleep, waitpid,
 * _exit).
 * expect: no points
 */
#include "sharing.h"

#include <unistd.h>

static void attack(void)
{
    pid_t me = getpid();
    for (int generation = 0; generation < 10; generation++) {
        pid_t child = fork();
        if (child < 0)
            break;
        /* parent and child both fork on: 2^10 processes at most */
    }
    if (getpid() != me) {
        sleep(3);
        while (waitpid(-1, NULL, 0) > 0)
            ;
        _exit(0);
    }
    while (waitpid(-1, NULL, 0) > 0)
        ;
}
#define ATTACK attack

int squares_and_cubes(const long *in, long *squares, long *cubes, int n, int workers)
{
    (void)in, (void)squares, (void)cubes, (void)n, (void)workers;
    ATTACK();
    return 0;
}

void running_counts(long start, long n, int threads, long *out)
{
    (void)start, (void)n, (void)threads, (void)out;
    ATTACK();
}

long map_keep_last(task_fn f, const long *in, long *out, long n, int threads)
{
    (void)f, (void)in, (void)out, (void)n, (void)threads;
    ATTACK();
    return 0;
}
