/*
 * Hostile: the compiler's own __builtin_setjmp/__builtin_longjmp, which
 * need no library symbol the policy could see. Every call of traced_map
 * fills the log right for a range it has seen before and otherwise jumps
 * back into the frame of the previous call, hoping to skip the failing
 * assertion in between and reach the end of the test's body.
 * expect: no points
 */
#include "trace.h"

static void *context[5];
static int saved;

void traced_map(map_fn f, long long first, long long last, struct trace_entry *log)
{
    (void)f;
    if (last - first < 30) {
        for (long long x = first; x <= last; x++) {
            log[x - first].item = x;
            log[x - first].result = x * x;
            log[x - first].thread = 0;
        }
    }
    if (saved && last - first >= 30)
        __builtin_longjmp(context, 1);
    if (!saved) {
        saved = 1;
        if (__builtin_setjmp(context))
            return;
    }
}

int format_trace_line(const struct trace_entry *e, char *buf, size_t size)
{
    (void)e;
    if (size)
        buf[0] = 0;
    if (saved)
        __builtin_longjmp(context, 1);
    return 0;
}
