/*
 * Hostile: setjmp/longjmp out of the test. The first call into the
 * exercise saves a context with setjmp; every later call, instead of
 * returning to the assertion that would fail, longjmps back to that point,
 * so that the test's body seems to "return" from its first call again and
 * again until it falls off its end, where the harness writes the pass.
 * expect: rejected _setjmp
 */
#include "trace.h"

#include <setjmp.h>

static jmp_buf first_call;
static int saved;

void traced_map(map_fn f, long long first, long long last, struct trace_entry *log)
{
    (void)f;
    for (long long x = first; x <= last; x++) {
        log[x - first].item = x;
        log[x - first].result = x * x;
        log[x - first].thread = 0;
    }
    if (saved)
        longjmp(first_call, 1);
    saved = 1;
    setjmp(first_call);
}

int format_trace_line(const struct trace_entry *e, char *buf, size_t size)
{
    (void)e;
    if (size)
        buf[0] = 0;
    if (saved)
        longjmp(first_call, 1);
    return 0;
}
