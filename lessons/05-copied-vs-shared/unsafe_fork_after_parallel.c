/*
 * unsafe_fork_after_parallel.c - why every pool in this lesson starts
 * BEFORE the program's first OpenMP parallel region.
 *
 * After a parallel region, the OpenMP runtime keeps its threads waiting for
 * the next one. fork() copies only the thread that called it: the child gets
 * the runtime's memory, which says those threads exist, but not the threads.
 * With GCC's runtime (libgomp), the child's next parallel region waits for
 * them forever. LLVM's runtime (libomp, used by clang) notices the fork and
 * starts afresh. To see it at all without hanging, the parent stops a child
 * that is still stuck after 2 seconds.
 */
#include <omp.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
    int team = 0;
    #pragma omp parallel
    {
        #pragma omp single
        team = omp_get_num_threads();
    }
    printf("Parent: a parallel region of %d threads is over; now fork()\n", team);
    fflush(stdout);

    pid_t child = fork();
    if (child < 0) {
        perror("fork");
        return 1;
    }
    if (child == 0) {
        int child_team = 0;
        #pragma omp parallel
        {
            #pragma omp single
            child_team = omp_get_num_threads();
        }
        printf("Child: my own parallel region ran with %d threads\n", child_team);
        fflush(stdout);
        _exit(0);
    }

    /* Wait for the child, at most 2 seconds, checking every 10 ms. */
    const struct timespec tick = {0, 10000000L};
    for (int waited = 0; waited < 200; waited++) {
        if (waitpid(child, NULL, WNOHANG) == child) {
            puts("Parent: the child finished (this runtime copes with fork)");
            puts("Rule: start fork() pools before the first parallel region");
            return 0;
        }
        nanosleep(&tick, NULL);
    }
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    puts("Parent: the child was stuck in its parallel region for 2 s, and was stopped");
    puts("Rule: start fork() pools before the first parallel region");
    return 0;
}
