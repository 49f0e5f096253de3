/*
 * Wrong program: the student (who knows pthreads) sums by hand: one slot
 * per thread in a fixed array of 8 ("my laptop has 8 cores"), each thread
 * adds into partial[omp_get_thread_num()], and the slots are added up at
 * the end. No reduction clause, as the header asks; and with more than 8
 * threads, thread 8 and up write past the end of the array (stack
 * corruption, a wrong sum). The tests never run more than 8 threads.
 * expect-fail: reduce_uses_the_team
 */
#include "parallel_map.h"

#include <omp.h>

#define MAX_THREADS 8

void parallel_map(map_fn f, long long first, long long last, long long *out)
{
    #pragma omp parallel for
    for (long long x = first; x <= last; x++)
        out[x - first] = f(x);
}

long long map_reduce(map_fn f, long long first, long long last)
{
    long long partial[MAX_THREADS] = {0};
    long long total = 0;
    int used = 1;
    #pragma omp parallel
    {
        int me = omp_get_thread_num();
        #pragma omp single
        used = omp_get_num_threads();
        #pragma omp for
        for (long long x = first; x <= last; x++)
            partial[me] += f(x);
    }
    for (int t = 0; t < used; t++)
        total += partial[t];
    return total;
}
