/*
 * one_process.c - many threads, one process.
 *
 * Python's Pool starts worker *processes*: each worker is a copy of the
 * program with its own process id (PID), which is why the tutorial can tell
 * the workers apart with current_process().pid. OpenMP starts *threads*
 * inside the one running program: they share its memory and its PID. What
 * tells them apart is their thread number, omp_get_thread_num().
 *
 * Run:   ./workbook run 03 one_process -t 4
 */
#define _POSIX_C_SOURCE 200809L   /* for getpid() and pid_t */
#include <omp.h>
#include <stdio.h>
#include <unistd.h>

#define MAX_THREADS 256

int main(void)
{
    pid_t main_pid = getpid();
    printf("The program runs as process %ld\n", (long)main_pid);

    /* One slot per thread number: each thread writes only its own slot,
     * so the threads never write the same place at once. */
    pid_t pid_of[MAX_THREADS] = {0};   /* 0: no thread has written here */
    int team = 0;

    #pragma omp parallel
    {
        int me = omp_get_thread_num();
        pid_t pid = getpid();
        if (me == 0)
            team = omp_get_num_threads();   /* one thread writes it */
        if (me < MAX_THREADS)
            pid_of[me] = pid;
        /* Nothing fixes the order of these lines: print_order.c shows
         * what that means. */
        printf("Thread %d of %d runs in process %ld\n", me, omp_get_num_threads(),
               (long)pid);
    }
    /* The team has finished here, so every slot is filled in. */

    if (team > MAX_THREADS)
        team = MAX_THREADS;
    int same = 1;
    printf("Thread numbers seen:");
    for (int t = 0; t < MAX_THREADS; t++) {
        if (pid_of[t] == 0)
            continue;
        printf(" %d", t);
        if (pid_of[t] != main_pid)
            same = 0;
    }
    printf("\n");
    if (team == 1)
        printf("The one thread has the program's process id: %s\n", same ? "yes" : "no");
    else
        printf("All %d threads share the program's process id: %s\n", team,
               same ? "yes" : "no");
    return 0;
}
