/*
 * Wrong program: format_trace_line calls snprintf and then, "to be safe",
 * writes buf[size - 1] = '\0'. When size is 0 that index is SIZE_MAX: the
 * store lands one character BEFORE buf. The header says nothing at all is
 * written when size is 0. The test keeps a guard before the buffer too:
 * at size 0 it finds buf[-1] changed and says so.
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
    int length = snprintf(buf, size, "Worker %d calculating square of %lld",
                          e->thread, e->item);
    buf[size - 1] = '\0';
    return length;
}
