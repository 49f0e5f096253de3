/*
 * Wrong program: formats the line with sprintf, which ignores the size of
 * the buffer and writes past its end when the line does not fit.
 * expect-fail: trace_line_format
 */
#include "trace.h"

#include <omp.h>
#include <stdio.h>

void traced_map(map_fn f, long long first, long long last, struct trace_entry *log)
{
    #pragma omp parallel for schedule(static)
    for (long long x = first; x <= last; x++) {
        struct trace_entry *entry = &log[x - first];
        entry->item = x;
        entry->thread = omp_get_thread_num();
        entry->result = f(x);
    }
}

int format_trace_line(const struct trace_entry *e, char *buf, size_t size)
{
    (void)size;
    return sprintf(buf, "Worker %d calculating square of %lld", e->thread, e->item);
}
