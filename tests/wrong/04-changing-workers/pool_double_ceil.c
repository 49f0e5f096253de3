/*
 * Wrong program: pool_chunksize divides in floating point and rounds up by
 * hand (ceil() itself does not link: the exercise is not linked with -lm):
 * exact = (double)n / (4 * workers), then one more when the truncated long
 * is below it. A double holds integers exactly only up to 2^53: for larger
 * n (n = 2^53 + 1 on 1 worker, say) (double)n is already rounded, the
 * quotient looks whole, and the answer is one too small. The header allows
 * any n >= 0 (a long); the test asks for n = 2^53 + 1 on 1 worker and gets
 * 2^51 where 2^51 + 1 is right.
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
    double exact = (double)n / (4 * workers);
    long chunksize = (long)exact;
    if (chunksize < exact)
        chunksize++;
    return chunksize;
}
