/*
 * Wrong program: the student builds each entry in a scratch struct `e`
 * declared at the top of the function and copies it into the log, as one
 * would in serial C. `e` is declared before the parallel loop, so the
 * whole team shares it: between one thread's stores into e and its copy
 * into log[], another thread can overwrite e (a data race, and a log entry
 * with another thread's item or number). f is called first, and the stores
 * and the copy follow one another within a few instructions, so the slow f
 * of thread_not_shared (which pauses INSIDE f, before the stores) never
 * opens the window; the plain tests with a fast f see it instead.
 * expect-fail: no_data_race
 * expect-race: yes
 */
#include "trace.h"

#include <omp.h>
#include <stdio.h>

void traced_map(map_fn f, long long first, long long last, struct trace_entry *log)
{
    struct trace_entry e;
    #pragma omp parallel for schedule(static)
    for (long long x = first; x <= last; x++) {
        e.result = f(x);
        e.item = x;
        e.thread = omp_get_thread_num();
        log[x - first] = e;
    }
}

int format_trace_line(const struct trace_entry *e, char *buf, size_t size)
{
    return snprintf(buf, size, "Worker %d calculating square of %lld", e->thread, e->item);
}
