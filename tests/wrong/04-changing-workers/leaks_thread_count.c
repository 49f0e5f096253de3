/*
 * Wrong program: sets the team size with omp_set_num_threads(threads),
 * which also changes the default team of every later region of the caller.
 * expect-fail: caller_default_unchanged
 */
#include "schedules.h"

#include <omp.h>

void run_with_schedule(item_fn f, long n, int threads, enum schedule_kind kind,
                       int chunk, int *owner)
{
    omp_set_num_threads(threads);
    switch (kind) {
    case SCHEDULE_STATIC:
        #pragma omp parallel for schedule(static)
        for (long i = 0; i < n; i++) {
            f(i);
            owner[i] = omp_get_thread_num();
        }
        break;
    case SCHEDULE_STATIC_CHUNKED:
        #pragma omp parallel for schedule(static, chunk)
        for (long i = 0; i < n; i++) {
            f(i);
            owner[i] = omp_get_thread_num();
        }
        break;
    case SCHEDULE_DYNAMIC:
        #pragma omp parallel for schedule(dynamic, chunk)
        for (long i = 0; i < n; i++) {
            f(i);
            owner[i] = omp_get_thread_num();
        }
        break;
    case SCHEDULE_GUIDED:
        #pragma omp parallel for schedule(guided, chunk)
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
    return n / per + (n % per != 0);
}
