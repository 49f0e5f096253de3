/*
 * Hostile: exercise 05 may fork and wait, so it sends signals too: it
 * stops the runner (its parent, getppid()) with SIGSTOP, kills it with
 * SIGKILL, and kills every process it may signal with kill(-1, SIGKILL),
 * hoping the grader mistakes a dead runner for a clean run.
 * expect: rejected kill
 */
#include "sharing.h"

#include <signal.h>
#include <unistd.h>

static void attack(void)
{
    kill(getppid(), SIGSTOP);
    kill(getppid(), SIGKILL);
    kill(-1, SIGKILL);
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
