/*
 * Wrong program: the loop is right but nothing is parallel (the pragma was
 * left out), so the results and the logged threads are right, and every
 * test of teamwork fails.
 * expect-fail: uses_the_team static_blocks
 * expect-message: static_blocks f ran in a team of 1 thread
 */
#include "trace.h"

#include <omp.h>
#include <stdio.h>

void traced_map(map_fn f, long long first, long long last, struct trace_entry *log)
{
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
