/*
 * Wrong program: format_trace_line prints the number of the thread that
 * formats the line (omp_get_thread_num()) instead of the one in the log.
 * expect-fail: trace_line_format
 * expect-message: trace_line_format not the entry's
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
    return snprintf(buf, size, "Worker %d calculating square of %lld",
                    omp_get_thread_num(), e->item);
}
