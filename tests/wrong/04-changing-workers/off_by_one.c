/*
 * Wrong program: the loops run i from 0 to n included, one item too many
 * (f(n) is called and owner[n] is written past the end of the array).
 * expect-fail: static_blocks static_chunks_round_robin dynamic_chunks_on_demand guided_shrinking_chunks caller_default_unchanged
 * expect-message: static_blocks with an item outside the range
 */
#include "schedules.h"

#include <omp.h>

void run_with_schedule(item_fn f, long n, int threads, enum schedule_kind kind,
                       int chunk, int *owner)
{
    /* num_threads(threads) sizes this loop's team only; the caller's
     * default, set by omp_set_num_threads or OMP_NUM_THREADS, stays. A
     * schedule clause is fixed when the program is compiled, so each kind
     * needs its own loop. */
    switch (kind) {
    case SCHEDULE_STATIC:
        #pragma omp parallel for num_threads(threads) schedule(static)
        for (long i = 0; i <= n; i++) {
            f(i);
            owner[i] = omp_get_thread_num();
        }
        break;
    case SCHEDULE_STATIC_CHUNKED:
        #pragma omp parallel for num_threads(threads) schedule(static, chunk)
        for (long i = 0; i <= n; i++) {
            f(i);
            owner[i] = omp_get_thread_num();
        }
        break;
    case SCHEDULE_DYNAMIC:
        #pragma omp parallel for num_threads(threads) schedule(dynamic, chunk)
        for (long i = 0; i <= n; i++) {
            f(i);
            owner[i] = omp_get_thread_num();
        }
        break;
    case SCHEDULE_GUIDED:
        #pragma omp parallel for num_threads(threads) schedule(guided, chunk)
        for (long i = 0; i <= n; i++) {
            f(i);
            owner[i] = omp_get_thread_num();
        }
        break;
    }
}

long pool_chunksize(long n, int workers)
{
    /* CPython's Pool.map: chunksize, extra = divmod(n, workers * 4), plus
     * one when there is a remainder, so that no item is left over. */
    long per = 4L * workers;
    long chunksize = n / per;
    if (n % per != 0)
        chunksize++;
    return chunksize;
}
