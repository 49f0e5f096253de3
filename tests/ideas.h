/*
 * ideas.h - the "Idea:" of a failure message, chosen from the evidence.
 *
 * A failed test tells the student what went wrong and, where it can, why.
 * The why must come from what the test saw, never from a guess: an idea
 * that blames an int total when the result is off by one item sends the
 * student hunting for a mistake that is not there. Each helper here names
 * a mistake only when the numbers are exactly what that mistake gives, and
 * says nothing (an empty string) when none fits.
 */
#ifndef WB_IDEAS_H
#define WB_IDEAS_H

#include "grading.h"

/* "%d thread%s" with WB_PLURAL(n): "1 thread", "4 threads". */
#define WB_PLURAL(n) ((n) == 1 ? "" : "s")

/*
 * Why a sum of f(x) over first <= x <= last came out as `got`, not `want`.
 * f_first = f(first) and f_last = f(last) (the items an off-by-one loop
 * leaves out); team: the size of the team the call ran in, 0 when unknown;
 * earlier: the sum of what the earlier calls of this test returned (what a
 * total kept from call to call adds), 0 when there were none. Returns
 * " Idea: ..." when exactly one known mistake gives `got`:
 *   - the loop left out the first or the last item (2..n, or 1..n-1);
 *   - the total was an int: `got` is `want` cut to 32 bits;
 *   - every thread of the team ran the whole loop (`parallel` without
 *     `for`): `got` is team x `want`, wrapped as a long long wraps;
 *   - the total kept what earlier calls added: `got` is want + earlier;
 * and "" when none of them does. The text lives until the next call.
 */
const char *wb_sum_idea(long long got, long long want, long long f_first, long long f_last,
                        int team, long long earlier);

/*
 * Why item `bad` (from wb_calls_first_not_once) was not handled exactly
 * once, told as "ITEM was handled N times, expected exactly once. Idea: ...".
 * Items are named first + index. The idea comes from the whole record:
 * every item handled by every one of `threads` threads (a parallel region
 * without `for`), the last or the first item skipped (an off-by-one loop),
 * no item handled at all, an item outside the range handled, or else
 * `repeated` (the test's own idea, for an item handled more than once)
 * or a plain "skipped" for an item handled never.
 */
const char *wb_once_text(const struct wb_calls *calls, long bad, long long first, int threads,
                         const char *repeated);

/*
 * Fails the test unless exactly `threads` kernel threads handled the items:
 * evidence of a real team of that size that no omp_* answer can fake. Use it
 * where every thread of the team must have had items. The idea comes from
 * the record: every call from a team of 1 thread (no region ran, or its team
 * had one thread), every call from one thread of a real team (one thread ran
 * the whole loop, which the team did not share), or else the plain rule.
 * `call` names the call, printf-style.
 */
void wb_assert_kernel_threads(const struct wb_calls *calls, int threads, const char *call, ...)
    __attribute__((format(printf, 3, 4)));

#endif
