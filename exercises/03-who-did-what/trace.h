/*
 * trace.h - the API of exercise 03 (do not edit: the tests use it).
 *
 * The tutorial's square() prints "Worker <pid> calculating square of <x>"
 * from inside each worker. Here the map keeps a log instead, one entry per
 * item saying which thread computed it, and the lines are made from the log
 * afterwards, in item order:
 *
 *     traced_map(square, 1, 20, log);
 *     for (int i = 0; i < 20; i++) {
 *         format_trace_line(&log[i], line, sizeof line);
 *         puts(line);
 *     }
 *
 * Besides its results, every function here is graded on how it gets them:
 * no data race (ThreadSanitizer watches it at 2, 3 and 4 threads), no
 * access outside the arrays it is given and nothing left allocated when it
 * returns (AddressSanitizer and LeakSanitizer watch it). Your file defines
 * only the functions below (make any helper of yours `static`) and calls
 * only OpenMP and the C library's string, number, allocation, maths, time
 * and printing functions: anything else is refused before it runs.
 */
#ifndef TRACE_H
#define TRACE_H

#include <stddef.h>

/* The function handed to the map, like `square` in the tutorial. */
typedef long long (*map_fn)(long long x);

/* What happened to one item. */
struct trace_entry {
    long long item;      /* the x handed to f */
    int thread;          /* omp_get_thread_num() of the thread that called f(x) */
    long long result;    /* f(x) */
};

/*
 * For every x from first to last (both included), call f(x) once and fill
 * in log[x - first]: the item, the number of the thread that called f for
 * it, and the result. log has last - first + 1 entries; nothing is written
 * when last < first. first and last may be any long long values.
 * The items are shared among the threads of the current team, whatever
 * their number, by one `#pragma omp parallel for schedule(static)`, so
 * that each thread handles one contiguous block of items. The tests check
 * the blocks gcc and clang make: in thread order, sizes differing by at
 * most one (the standard promises blocks of about equal size).
 */
void traced_map(map_fn f, long long first, long long last, struct trace_entry *log);

/*
 * Write "Worker <thread> calculating square of <item>" for entry e into buf,
 * which has room for size characters, the terminating '\0' included.
 * Like snprintf: never writes more than size characters, nor anything
 * before buf (nothing at all when size is 0), always ends what it writes
 * with '\0', and returns the length of the whole line (without the '\0'),
 * even when it did not fit; for any item, LLONG_MIN and LLONG_MAX too.
 */
int format_trace_line(const struct trace_entry *e, char *buf, size_t size);

#endif
