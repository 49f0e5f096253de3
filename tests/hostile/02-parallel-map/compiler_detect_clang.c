/*
 * Hostile: code that detects the compiler. The graded tests are built
 * with gcc, the race check's program with clang: under clang (the one
 * ThreadSanitizer watches) this is a correct, race-free map and reduce;
 * under gcc (the one the graded tests run) it is a stub that touches a
 * shared counter from every thread. The race check compares the file's
 * preprocessing only between clang with and without -fsanitize=thread,
 * so it cannot see the difference; here the gcc code earns nothing, so
 * the race check must not run at all (it judges only code whose graded
 * tests pass) and nothing may be awarded.
 * expect: no points
 */
#include "parallel_map.h"

#include <omp.h>

static long touched;

void parallel_map(map_fn f, long long first, long long last, long long *out)
{
#ifdef __clang__
    #pragma omp parallel for
    for (long long x = first; x <= last; x++)
        out[x - first] = f(x);
#else
    (void)f, (void)first, (void)last, (void)out;
    #pragma omp parallel
    touched++;
#endif
}

long long map_reduce(map_fn f, long long first, long long last)
{
    long long total = 0;
#ifdef __clang__
    #pragma omp parallel for reduction(+:total)
    for (long long x = first; x <= last; x++)
        total += f(x);
#else
    (void)f, (void)first, (void)last;
    #pragma omp parallel
    touched++;
#endif
    return total;
}
