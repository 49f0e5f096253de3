/*
 * Wrong program: the item, a long long, is printed with %d, which reads
 * only its low 32 bits (the compiler warns, -Wformat): 5000000000 comes out
 * as 705032704. The line then has the wrong text and, as a consequence,
 * the wrong length: the message must name the format, not the length.
 * expect-fail: trace_line_format
 * expect-message: trace_line_format %lld
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
    return snprintf(buf, size, "Worker %d calculating square of %d", e->thread, e->item);
}
