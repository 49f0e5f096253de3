/*
 * Wrong program: schedule(dynamic) hands out the items one at a time to
 * whichever thread is free, so a thread's items are scattered, not one block.
 * expect-fail: static_blocks
 */
#include "trace.h"

#include <omp.h>
#include <stdio.h>

void traced_map(map_fn f, long long first, long long last, struct trace_entry *log)
{
    #pragma omp parallel for schedule(dynamic)
    for (long long x = first; x <= last; x++) {
        log[x - first].item = x;
        log[x - first].thread = omp_get_thread_num();
        log[x - first].result = f(x);
    }
}

int format_trace_line(const struct trace_entry *e, char *buf, size_t size)
{
    return snprintf(buf, size, "Worker %d calculating square of %lld", e->thread, e->item);
}
