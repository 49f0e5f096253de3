/*
 * Hostile, with only the calls exercise 05 allows: squares_and_cubes
 * forks its own "workers" that compute the squares and cubes in the
 * child (where the parent never sees them), never stop and are never
 * waited for: each sleeps up to 30 s (bounded) and then exits. The
 * other functions fork a child that keeps running the test's code after
 * the function returns, so that two processes go on with one test.
 * Nothing may count, and no process may outlive the run.
 * expect: no points
 */
#include "sharing.h"

#include <unistd.h>

int squares_and_cubes(const long *in, long *squares, long *cubes, int n, int workers)
{
    for (int w = 0; w < workers; w++) {
        if (fork() == 0) {
            for (int i = w; i < n; i += workers) {
                squares[i] = in[i] * in[i];
                cubes[i] = in[i] * in[i] * in[i];
            }
            sleep(30);
            _exit(0);
        }
    }
    return 0;
}

void running_counts(long start, long n, int threads, long *out)
{
    (void)threads;
    if (fork() == 0) {
        for (long i = 0; i < n; i++)
            out[i] = start + i + 1;
        return;   /* the child goes on with the test */
    }
}

long map_keep_last(task_fn f, const long *in, long *out, long n, int threads)
{
    (void)threads;
    if (fork() == 0) {
        for (long i = 0; i < n; i++)
            out[i] = f(in[i]);
        return n ? out[n - 1] : 0;
    }
    return 0;
}
