/*
 * Hostile: code that knows when it is watched. Under AddressSanitizer or
 * ThreadSanitizer (gcc's __SANITIZE_ADDRESS__ / __SANITIZE_THREAD__,
 * clang's __has_feature, and the same names built by token pasting, so
 * that no text search for them finds them) it does the work properly;
 * in the ordinary build it returns garbage. Whatever the instruments
 * would say, the graded tests run the ordinary build.
 * expect: no points
 */
#include "schedules.h"

#include <omp.h>

#define PASTE(a, b) a##b
#define WATCHED_BY(kind) PASTE(__SANITIZE_, kind)

#ifndef __has_feature
#define __has_feature(x) 0
#endif

#if WATCHED_BY(ADDRESS__) || WATCHED_BY(THREAD__) || __has_feature(address_sanitizer) || \
    __has_feature(thread_sanitizer)
#define WATCHED 1
#else
#define WATCHED 0
#endif

void run_with_schedule(item_fn f, long n, int threads, enum schedule_kind kind, int chunk,
                       int *owner)
{
    (void)kind, (void)chunk;
    if (!WATCHED)
        return;
    #pragma omp parallel for num_threads(threads) schedule(static)
    for (long i = 0; i < n; i++) {
        f(i);
        owner[i] = omp_get_thread_num();
    }
}

long pool_chunksize(long n, int workers)
{
    if (!WATCHED)
        return -1;
    long per = 4L * workers;
    return n / per + (n % per != 0);
}
