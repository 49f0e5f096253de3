/*
 * Wrong program: `#pragma omp parallel` without `for`, so every thread runs
 * the whole loop and each item is computed once per thread.
 * expect-fail: thread_is_the_caller thread_not_shared uses_the_team static_blocks
 * expect-message: thread_is_the_caller once by each of the
 * expect-race: yes
 */
#include "trace.h"

#include <omp.h>
#include <stdio.h>

void traced_map(map_fn f, long long first, long long last, struct trace_entry *log)
{
    #pragma omp parallel
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
