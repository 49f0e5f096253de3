/*
 * Wrong program: the loop is parallel, but every entry says thread 0, as if
 * the work were not shared.
 * expect-fail: thread_is_the_caller thread_not_shared
 * expect-message: thread_is_the_caller every entry says thread 0
 */
#include "trace.h"

#include <omp.h>
#include <stdio.h>

void traced_map(map_fn f, long long first, long long last, struct trace_entry *log)
{
    #pragma omp parallel for schedule(static)
    for (long long x = first; x <= last; x++) {
        log[x - first].item = x;
        log[x - first].thread = 0;
        log[x - first].result = f(x);
    }
}

int format_trace_line(const struct trace_entry *e, char *buf, size_t size)
{
    return snprintf(buf, size, "Worker %d calculating square of %lld", e->thread, e->item);
}
