/*
 * Wrong program: the loop counter is an `int` although first and last are
 * long long. For items beyond INT_MAX (first = 3000000000) the counter is
 * truncated, so the log gets the wrong items and results (or the loop never
 * ends). results_in_order maps items from 3000000000 on: the truncated
 * counter writes outside the log (a crash).
 * expect-fail: results_in_order
 */
#include "trace.h"

#include <omp.h>
#include <stdio.h>

void traced_map(map_fn f, long long first, long long last, struct trace_entry *log)
{
    #pragma omp parallel for schedule(static)
    for (int x = first; x <= last; x++) {
        log[x - first].item = x;
        log[x - first].thread = omp_get_thread_num();
        log[x - first].result = f(x);
    }
}

int format_trace_line(const struct trace_entry *e, char *buf, size_t size)
{
    return snprintf(buf, size, "Worker %d calculating square of %lld", e->thread, e->item);
}
