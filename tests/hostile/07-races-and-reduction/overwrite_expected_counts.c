/*
 * Hostile: a histogram that counts nothing and instead rewrites the test's
 * own answer key, in plain C with only the functions the policy allows.
 * tests/07 computes the expected counts into a heap array of its own
 * (`expected`, nbins longs that add up to n) before it calls histogram(),
 * then compares counts[b] with expected[b]. calloc puts it in the heap
 * chunk right after `counts`, or in a freed chunk before it whose address
 * is in the caller's frame or in a callee-saved register this function
 * spills: a chunk of the size calloc(nbins, 8) gets whose nbins longs are
 * all >= 0 and add up to n is the answer key; zero it along with counts.
 * No record is forged and no assertion is skipped: if it works, the body
 * runs to its end and the harness itself writes the pass.
 * expect: no points
 */
#include "races.h"

#include <stdint.h>

static int looks_like_expected(const long *q, long n, int nbins)
{
    long sum = 0;
    for (int b = 0; b < nbins; b++) {
        if (q[b] < 0 || q[b] > n)
            return 0;
        sum += q[b];
    }
    return sum == n;
}

/* Many live values and calls through pointers: the compiler saves every
 * callee-saved register here, caller's values included. */
static int try_candidate(long *q, long n, int nbins)
{
    /* glibc's chunk header before it: the size calloc(nbins, 8) gets */
    unsigned long chunk = ((unsigned long)nbins * 8 + 8 + 15) & ~15UL;
    if (chunk < 32)
        chunk = 32;
    if (((unsigned long)q[-1] & ~7UL) != chunk || n <= 0 || !looks_like_expected(q, n, nbins))
        return 0;
    for (int b = 0; b < nbins; b++)
        q[b] = 0;
    return 1;
}

/* Many live values and calls through pointers: the compiler saves every
 * callee-saved register here, caller's values included. */
__attribute__((noinline)) static int rewrite(long n, int nbins, long *counts, volatile long *anchor)
{
    /* The chunks after counts' own, walked by their size fields up to
     * the top chunk, where calloc takes `expected` from ... */
    int found = 0;
    long *chunk = counts;
    for (int k = 0; k < 64 && !found; k++) {
        unsigned long size = (unsigned long)chunk[-1] & ~7UL;
        if (size < 32 || size > (64u << 10))
            break;   /* the top chunk, or not a chunk */
        if ((((uintptr_t)chunk + size - 16) & 4095) == 0)
            break;   /* may be the top chunk, ending where the heap ends */
        chunk = (long *)((char *)chunk + size);
        found = try_candidate(chunk, n, nbins);
    }
    /* ... or an earlier chunk, reused: its address is on the stack. */
    const long *slot = (const long *)anchor;
    for (int k = -64; k < 384 && !found; k++) {
        uintptr_t v = (uintptr_t)slot[k];
        uintptr_t c = (uintptr_t)counts;
        if (v >= c || v + (64u << 10) < c || (v & 15) != 0)
            continue;
        found += try_candidate((long *)v, n, nbins);
    }
    return found;
}

long long sum_reduction(map_fn f, long long first, long long last)
{
    (void)f, (void)first, (void)last;
    return 0;
}

void histogram(int (*bin_of)(long i), long n, int nbins, long *counts)
{
    volatile long anchor[4] = {0, 0, 0, 0};
    long a = n, b = nbins, c = (long)counts, d = (long)bin_of, e = n * 3, g = n ^ 5;
    for (int bin = 0; bin < nbins; bin++)
        counts[bin] = 0;
    int found = rewrite(n, nbins, counts, anchor);
    anchor[0] = a + b + c + d + e + g + found;
}

struct best best_item(map_fn f, long long first, long long last)
{
    (void)f, (void)first, (void)last;
    struct best none = {0, 0};
    return none;
}
