/*
 * Wrong program: pool_chunksize uses the classic round-up idiom
 * (n + per - 1) / per. For n within per - 1 of LONG_MAX the sum overflows
 * (undefined behaviour; in practice a negative chunk size). The header
 * allows any n >= 0; n / per + (n % per != 0) never overflows. The test
 * asks for n = LONG_MAX on 1 worker and gets a negative chunk size.
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
    long per = 4L * workers;
    return (n + per - 1) / per;
}
