/*
 * Wrong program: format_trace_line first sprintf()s the line into a local
 * char line[48] ("the longest line is about 45 characters") and then copies
 * what fits into buf. A long long item can have 20 characters: for item
 * LLONG_MIN (or any item below -10^13 with a 3-digit thread) the line is
 * longer than 47 characters and sprintf writes past the end of `line`
 * (stack overflow; with _FORTIFY_SOURCE an abort). The test's longest
 * line, item LLONG_MIN on thread 255, has 52 characters: the text that
 * comes out is still right, so only the memory check sees the overflow.
 * expect-fail: no_memory_errors
 */
#include "trace.h"

#include <omp.h>
#include <stdio.h>
#include <string.h>

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
    char line[48];
    int length = sprintf(line, "Worker %d calculating square of %lld", e->thread, e->item);
    if (size == 0)
        return length;
    size_t keep = (size_t)length < size - 1 ? (size_t)length : size - 1;
    memcpy(buf, line, keep);
    buf[keep] = '\0';
    return length;
}
