/*
 * Wrong program: "no point starting a team for one or two items": ranges
 * of fewer than 3 items run in a plain loop on the calling thread. The
 * header asks for schedule(static) over the team whatever the range, so 2
 * items on 2 or more threads must go one to thread 0 and one to thread 1.
 * static_blocks tries every size from 1 to 2 x threads + 1 at each thread
 * count, so it always meets 2 items on 2 threads, both computed by thread
 * 0 in a team of 1.
 * expect-fail: static_blocks
 */
#include "trace.h"

#include <omp.h>
#include <stdio.h>

void traced_map(map_fn f, long long first, long long last, struct trace_entry *log)
{
    if (last - first + 1 < 3) {
        for (long long x = first; x <= last; x++) {
            log[x - first].item = x;
            log[x - first].thread = omp_get_thread_num();
            log[x - first].result = f(x);
        }
        return;
    }
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
    return snprintf(buf, size, "Worker %d calculating square of %lld", e->thread, e->item);
}
