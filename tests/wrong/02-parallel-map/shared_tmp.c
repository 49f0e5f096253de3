/*
 * Wrong program: the student keeps f(x) in a temporary `value` declared at
 * the top of the function, as in serial C, before adding it to the total.
 * `value` is declared before the parallel loop, so the whole team shares
 * it: one thread can store its f(x) there between another thread's store
 * and read (a data race). The reduction itself is right. The window is a
 * couple of instructions and the compiler usually keeps the value in a
 * register, so the collision tests, which line up the returns from f, do
 * not see a wrong sum; only the race checker does.
 * expect-fail: no_data_race
 * expect-race: yes
 */
#include "parallel_map.h"

#include <omp.h>

void parallel_map(map_fn f, long long first, long long last, long long *out)
{
    #pragma omp parallel for
    for (long long x = first; x <= last; x++)
        out[x - first] = f(x);
}

long long map_reduce(map_fn f, long long first, long long last)
{
    long long total = 0;
    long long value;
    #pragma omp parallel for reduction(+:total)
    for (long long x = first; x <= last; x++) {
        value = f(x);
        total += value;
    }
    return total;
}
