/*
 * Wrong program: the thread number is kept in a variable declared before the
 * parallel loop, so the whole team shares it. A thread stores its number,
 * calls f, and while f runs another thread stores its own number there:
 * the log then names the wrong thread (a data race).
 * expect-fail: thread_not_shared
 * expect-race: yes
 */
#include "trace.h"

#include <omp.h>
#include <stdio.h>

void traced_map(map_fn f, long long first, long long last, struct trace_entry *log)
{
    int id;
    #pragma omp parallel for schedule(static)
    for (long long x = first; x <= last; x++) {
        id = omp_get_thread_num();
        log[x - first].item = x;
        log[x - first].result = f(x);
        log[x - first].thread = id;
    }
}

int format_trace_line(const struct trace_entry *e, char *buf, size_t size)
{
    return snprintf(buf, size, "Worker %d calculating square of %lld", e->thread, e->item);
}
