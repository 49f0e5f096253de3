/*
 * Hostile: looks the harness's wb_passed() and Criterion's internals up
 * by name at run time with dlsym(RTLD_DEFAULT, ...) (no symbol of theirs
 * in the object), calls wb_passed() to write this test's pass, and then
 * leaves the test through the C library's real _exit, found with dlsym
 * too, before any assertion can fail.
 * expect: rejected dlsym
 */
#define _GNU_SOURCE
#include "trace.h"

#include <dlfcn.h>

static void escape(void)
{
    void (*passed)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "wb_passed");
    void (*real_exit)(int) = (void (*)(int))dlsym(RTLD_NEXT, "_exit");
    void *handle = dlopen("libc.so.6", RTLD_NOW);
    if (!real_exit && handle)
        real_exit = (void (*)(int))dlsym(handle, "_exit");
    if (passed)
        passed();
    if (real_exit)
        real_exit(0);
}

void traced_map(map_fn f, long long first, long long last, struct trace_entry *log)
{
    (void)f, (void)first, (void)last, (void)log;
    escape();
}

int format_trace_line(const struct trace_entry *e, char *buf, size_t size)
{
    (void)e, (void)buf, (void)size;
    escape();
    return 0;
}
