/*
 * same_threads.c - the team comes back for the second region.
 *
 * A process pool forks its workers when it is created and they die when it
 * is closed, so the tutorial's second Pool() forks a new set of processes.
 * gcc's and clang's OpenMP runtimes do not end their threads when a parallel
 * region ends: the threads wait for the next region, first spinning, then
 * asleep (spin_then_sleep.c shows how long). Here every thread notes its
 * kernel thread id (the TID that `top -H` or `ps -L` shows) in two regions
 * one after the other, and we compare them.
 *
 * The OpenMP standard does not promise that thread number 3 of the second
 * region is the same thread as number 3 of the first; it only numbers the
 * threads of each team from 0. GCC's libgomp and LLVM's libomp both keep
 * their threads, and with the same team size they hand out the same numbers.
 */
#define _GNU_SOURCE   /* for gettid() */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
    int threads = omp_get_max_threads();
    pid_t *first = calloc((size_t)threads, sizeof *first);
    pid_t *second = calloc((size_t)threads, sizeof *second);
    if (!first || !second)
        return 1;

    /* Region 1: each thread writes only its own slot, so no two threads
     * write the same place. */
    #pragma omp parallel default(none) shared(first)
    first[omp_get_thread_num()] = gettid();

    /* Anything serial could happen here: the team is parked, not gone. */
    printf("Region 1 ran in process %d, in a team of %d.\n", (int)getpid(), threads);

    #pragma omp parallel default(none) shared(second)
    second[omp_get_thread_num()] = gettid();

    int same = 0;
    for (int t = 0; t < threads; t++) {
        if (first[t] == second[t]) {
            printf("Thread %d was kernel thread %d in both regions\n", t, (int)first[t]);
            same++;
        } else {
            printf("Thread %d was kernel thread %d, then %d\n", t,
                   (int)first[t], (int)second[t]);
        }
    }
    printf("%d of %d thread numbers kept their kernel thread in region 2.\n",
           same, threads);

    /* Two regions could be luck; a thousand are not. */
    int moved = 0;
    for (int round = 0; round < 1000; round++) {
        #pragma omp parallel default(none) shared(first) reduction(+:moved)
        moved += gettid() != first[omp_get_thread_num()];
    }
    if (moved == 0)
        printf("1000 more regions ran on exactly the same threads.\n");
    else
        printf("In 1000 more regions, a thread number moved to another thread %d times.\n",
               moved);

    free(first);
    free(second);
    return 0;
}
