/*
 * Wrong program: fakes the tutorial's answer: squares without calling f,
 * and writes "2 workers, half each" into the log without any threads.
 * expect-fail: results_in_order thread_is_the_caller thread_not_shared uses_the_team static_blocks
 */
#include "trace.h"

#include <omp.h>
#include <stdio.h>

void traced_map(map_fn f, long long first, long long last, struct trace_entry *log)
{
    (void)f;
    long long n = last - first + 1;
    for (long long x = first; x <= last; x++) {
        log[x - first].item = x;
        log[x - first].thread = x - first < (n + 1) / 2 ? 0 : 1;
        log[x - first].result = x * x;
    }
}

int format_trace_line(const struct trace_entry *e, char *buf, size_t size)
{
    return snprintf(buf, size, "Worker %d calculating square of %lld", e->thread, e->item);
}
