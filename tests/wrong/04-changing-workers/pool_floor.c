/*
 * Wrong program: pool_chunksize rounds down (plain integer division), so
 * 20 items on 2 workers give chunks of 2 instead of Pool.map's 3.
 * expect-fail: pool_chunksize_rule
 */
#include "schedules.h"

#include <omp.h>

void run_with_schedule(item_fn f, long n, int threads, enum schedule_kind kind,
                       int chunk, int *owner)
{
    switch (kind) {
    case SCHEDULE_STATIC:
        #pragma omp parallel for num_threads(threads) schedule(static)
        for (long i = 0; i < n; i++) {
            f(i);
            owner[i] = omp_get_thread_num();
        }
        break;
    case SCHEDULE_STATIC_CHUNKED:
        #pragma omp parallel for num_threads(threads) schedule(static, chunk)
        for (long i = 0; i < n; i++) {
            f(i);
            owner[i] = omp_get_thread_num();
        }
        break;
    case SCHEDULE_DYNAMIC:
        #pragma omp parallel for num_threads(threads) schedule(dynamic, chunk)
        for (long i = 0; i < n; i++) {
            f(i);
            owner[i] = omp_get_thread_num();
        }
        break;
    case SCHEDULE_GUIDED:
        #pragma omp parallel for num_threads(threads) schedule(guided, chunk)
        for (long i = 0; i < n; i++) {
            f(i);
            owner[i] = omp_get_thread_num();
        }
        break;
    }
}

long pool_chunksize(long n, int workers)
{
    return n / (4L * workers);
}
