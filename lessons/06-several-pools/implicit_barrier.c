/*
 * implicit_barrier.c - two loops in one parallel region, and what `nowait`
 * takes away.
 *
 * Instead of two pools one after the other, one team can run two loops:
 *
 *     #pragma omp parallel          <- the team starts once
 *     {
 *         #pragma omp for           <- loop 1: values[i] = f(i)
 *         ...                       <- implicit barrier: every thread waits
 *         #pragma omp for           <- loop 2: sums[i] = values[i] + values[n-1-i]
 *         ...
 *     }
 *
 * Loop 2 reads values[n - 1 - i], the mirror item, which another thread
 * wrote in loop 1. It may, because no thread leaves loop 1 before all have
 * finished it: the end of an `omp for` is a barrier, and the barrier also
 * makes each thread's writes visible to the others.
 *
 * `nowait` on loop 1 removes that barrier: a thread that finished its own
 * share goes straight on to loop 2 and reads mirror items that their owner
 * may not have written yet. To make that show every time, thread 0 is made
 * slow on purpose (0.1 s per item); in a real program the delay would come
 * from anywhere (another program, a page fault) and the wrong answer would
 * appear only now and then - the worst kind of bug.
 *
 * nowait is safe when loop 2 reads only what the same thread wrote in
 * loop 1. The OpenMP standard promises one such case: two schedule(static)
 * loops in the same region, with the same number of iterations (and the
 * same chunk size, or none), give each thread the same iterations. The last
 * part of the program relies on that.
 */
#define _POSIX_C_SOURCE 200809L   /* for nanosleep() */
#include <omp.h>
#include <stdio.h>
#include <time.h>

#define N 8
#define NOT_WRITTEN (-1)   /* what values[] holds before loop 1 writes it */

static long long slow_square(long long x)
{
    if (omp_get_thread_num() == 0) {
        struct timespec pause = {0, 100000000};   /* 0.1 s */
        nanosleep(&pause, NULL);
    }
    return x * x;
}

static void with_barrier(long long *values, long long *sums)
{
    #pragma omp parallel default(none) shared(values, sums)
    {
        #pragma omp for schedule(static)
        for (int i = 0; i < N; i++)
            values[i] = slow_square(i);
        /* Implicit barrier here: all of values[] is written. */

        #pragma omp for schedule(static)
        for (int i = 0; i < N; i++)
            sums[i] = values[i] + values[N - 1 - i];
    }
}

static void with_nowait(long long *values, long long *sums)
{
    #pragma omp parallel default(none) shared(values, sums)
    {
        #pragma omp for schedule(static) nowait
        for (int i = 0; i < N; i++)
            values[i] = slow_square(i);
        /* No barrier: a fast thread is already in the next loop. */

        #pragma omp for schedule(static)
        for (int i = 0; i < N; i++)
            sums[i] = values[i] + values[N - 1 - i];
    }
}

/* Loop 2 reads only values[i]. Both loops are schedule(static) with N
 * iterations in the same region, so iteration i of loop 2 runs on the
 * thread that ran iteration i of loop 1: it reads what it wrote itself,
 * and needs no barrier. */
static void nowait_own_items(long long *values, long long *sums)
{
    #pragma omp parallel default(none) shared(values, sums)
    {
        #pragma omp for schedule(static) nowait
        for (int i = 0; i < N; i++)
            values[i] = slow_square(i);

        #pragma omp for schedule(static)
        for (int i = 0; i < N; i++)
            sums[i] = values[i] + values[i];
    }
}

static long long mirror_sum(int i)
{
    return (long long)i * i + (long long)(N - 1 - i) * (N - 1 - i);
}

static long long own_sum(int i)
{
    return 2LL * i * i;
}

static void show(const char *label, void (*run)(long long *, long long *),
                 long long (*right)(int))
{
    long long values[N], sums[N];
    for (int i = 0; i < N; i++)
        values[i] = NOT_WRITTEN;
    run(values, sums);

    int wrong = 0;
    printf("%s sums = [", label);
    for (int i = 0; i < N; i++) {
        wrong += sums[i] != right(i);
        printf(i ? ", %lld" : "%lld", sums[i]);
    }
    printf("]\n");
    if (wrong)
        printf("  %d of %d sums are wrong: they read a value before it was written\n",
               wrong, N);
    else
        printf("  all %d sums are right\n", N);
}

int main(void)
{
    printf("Loop 1: values[i] = i * i; loop 2: sums[i] = values[i] + values[%d - i].\n",
           N - 1);
    printf("Every value starts as %d (not written yet); thread 0 is slow.\n", NOT_WRITTEN);
    show("With the barrier:", with_barrier, mirror_sum);
    show("With nowait:     ", with_nowait, mirror_sum);
    printf("Loop 2 reading only values[i] instead (sums[i] = values[i] + values[i]):\n");
    show("With nowait:     ", nowait_own_items, own_sum);
    return 0;
}
