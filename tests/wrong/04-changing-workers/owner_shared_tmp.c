/*
 * Wrong program: the thread number is read once into `me`, declared at the
 * top of the function with the other locals, and then stored in owner[i]
 * before f(i) is called. `me` is declared before the parallel loops, so the
 * whole team shares it: another thread can overwrite it between this
 * thread's store and read, and owner[i] then names the wrong thread (a data
 * race). Because the store and the read are next to each other (f runs
 * after them), the napping f of the tests never opens the window.
 * expect-fail: no_data_race
 * expect-race: yes
 */
#include "schedules.h"

#include <omp.h>

void run_with_schedule(item_fn f, long n, int threads, enum schedule_kind kind,
                       int chunk, int *owner)
{
    int me;
    switch (kind) {
    case SCHEDULE_STATIC:
        #pragma omp parallel for num_threads(threads) schedule(static)
        for (long i = 0; i < n; i++) {
            me = omp_get_thread_num();
            owner[i] = me;
            f(i);
        }
        break;
    case SCHEDULE_STATIC_CHUNKED:
        #pragma omp parallel for num_threads(threads) schedule(static, chunk)
        for (long i = 0; i < n; i++) {
            me = omp_get_thread_num();
            owner[i] = me;
            f(i);
        }
        break;
    case SCHEDULE_DYNAMIC:
        #pragma omp parallel for num_threads(threads) schedule(dynamic, chunk)
        for (long i = 0; i < n; i++) {
            me = omp_get_thread_num();
            owner[i] = me;
            f(i);
        }
        break;
    case SCHEDULE_GUIDED:
        #pragma omp parallel for num_threads(threads) schedule(guided, chunk)
        for (long i = 0; i < n; i++) {
            me = omp_get_thread_num();
            owner[i] = me;
            f(i);
        }
        break;
    }
}

long pool_chunksize(long n, int workers)
{
    long per = 4L * workers;
    return n / per + (n % per != 0);
}
