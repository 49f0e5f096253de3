/*
 * Hostile: defines Criterion's own assertion entry points, which the test
 * program then links to instead of the library's: criterion_send_assert
 * drops every failed assertion's report, and criterion_abort_test (called
 * after a failed cr_assert) returns instead of leaving the test, so the
 * body runs to its end, where the harness itself writes the pass.
 * expect: rejected criterion_send_assert
 */
#include "schedules.h"

#include <stddef.h>

struct criterion_assert_stats;

void criterion_send_assert(struct criterion_assert_stats *stats)
{
    (void)stats;
}

void criterion_abort_test(void)
{
}

void run_with_schedule(item_fn f, long n, int threads, enum schedule_kind kind, int chunk,
                       int *owner)
{
    (void)f, (void)n, (void)threads, (void)kind, (void)chunk, (void)owner;
}

long pool_chunksize(long n, int workers)
{
    (void)n, (void)workers;
    return 0;
}
