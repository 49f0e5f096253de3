/*
 * threads_firstprivate.c - firstprivate: each thread's own copy, taken when
 * the team starts. It is what fork() gives a worker process.
 *
 * Each thread counts the items of its own block on its own counter, which
 * starts at the value `counter` had before the loop (100).
 */
#include <omp.h>
#include <stdio.h>

#define ITEMS 12

int main(void)
{
    long counter = 100;
    long count[ITEMS];
    int thread[ITEMS];

    /* default(none): every variable the loop uses must be named in a
     * clause, so that none is shared by accident. Try private(counter)
     * instead of firstprivate: each copy then starts with no set value.
     * Try shared(counter): one counter for the whole team, and threads that
     * race on it. */
    #pragma omp parallel for schedule(static) default(none) firstprivate(counter) \
        shared(count, thread)
    for (int i = 0; i < ITEMS; i++) {
        counter++;
        count[i] = counter;
        thread[i] = omp_get_thread_num();
    }

    /* Printed after the loop, in item order, so that the output does not
     * depend on which thread happened to print first. */
    puts("firstprivate(counter): every thread's counter starts at 100");
    for (int i = 0; i < ITEMS; i++)
        printf("item %2d: thread %d, its counter is now %ld\n", i, thread[i], count[i]);
    printf("After the loop, counter = %ld: the copies were thrown away\n", counter);
    return 0;
}
