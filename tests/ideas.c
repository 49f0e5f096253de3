/*
 * ideas.c - the "Idea:" of a failure message, chosen from the evidence.
 * See ideas.h for why an idea is given only when the numbers fit it.
 */
#include "ideas.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

static char wb_idea[1024];

const char *wb_sum_idea(long long got, long long want, long long f_first, long long f_last,
                        int team, long long earlier)
{
    if (got == want)
        return "";
    unsigned long long ugot = (unsigned long long)got, uwant = (unsigned long long)want;
    if (f_first == f_last && f_first != 0 && got == want - f_first)
        snprintf(wb_idea, sizeof wb_idea,
                 " Idea: that is the sum without one of its end items, f(first) or "
                 "f(last) = %lld: the range includes both first and last.", f_last);
    else if (f_last != 0 && got == want - f_last)
        snprintf(wb_idea, sizeof wb_idea,
                 " Idea: that is the sum without f(last) = %lld: the loop stops one item "
                 "short. The range includes last (x <= last).", f_last);
    else if (f_first != 0 && got == want - f_first)
        snprintf(wb_idea, sizeof wb_idea,
                 " Idea: that is the sum without f(first) = %lld: the loop starts one item "
                 "late. The range includes first.", f_first);
    else if (got == (long long)(int32_t)(uint32_t)uwant ||
             got == (long long)(uint32_t)uwant)
        snprintf(wb_idea, sizeof wb_idea,
                 " Idea: that is the right sum cut to 32 bits, what an int total holds "
                 "(at most about 2.1e9): the total must be a long long.");
    else if (earlier != 0 && got == want + earlier)
        snprintf(wb_idea, sizeof wb_idea,
                 " Idea: that is this call's sum plus %lld, what the earlier calls "
                 "returned: the total goes on from the previous call. It must start at 0 "
                 "in every call (a `static` total, or one declared outside the function, "
                 "keeps its value).", earlier);
    else if (team > 1 && ugot == uwant * (unsigned long long)team)
        snprintf(wb_idea, sizeof wb_idea,
                 " Idea: that is %d times the sum: each of the %d threads of the team ran "
                 "the whole loop. `#pragma omp parallel` alone gives every thread every "
                 "item; `#pragma omp parallel for` (or `omp for` inside the region) "
                 "divides the items among them.", team, team);
    else
        return "";
    return wb_idea;
}

const char *wb_once_text(const struct wb_calls *calls, long bad, long long first, int threads,
                         const char *repeated)
{
    long n = calls->size;
    if (bad < 0)
        return "";
    if (bad >= n && n == 0) {
        snprintf(wb_idea, sizeof wb_idea,
                 "f was called %d time%s, although the range is empty. Idea: with no "
                 "items, the loop does not run at all.", calls->count[n],
                 WB_PLURAL(calls->count[n]));
        return wb_idea;
    }
    if (bad >= n) {
        snprintf(wb_idea, sizeof wb_idea,
                 "f was called %d time%s with an item outside the range (%lld to %lld). "
                 "Idea: the loop goes one step past the last item (`<=` where `<` "
                 "belongs?); it handles each item of the range, and nothing else.",
                 calls->count[n], WB_PLURAL(calls->count[n]), first, first + n - 1);
        return wb_idea;
    }
    int count = calls->count[bad];
    long handled = 0;           /* items handled at least once */
    int all_by_team = threads > 1;   /* every item handled exactly `threads` times */
    int others_once = 1;        /* every item but `bad` handled exactly once */
    for (long i = 0; i < n; i++) {
        handled += calls->count[i] > 0;
        all_by_team &= calls->count[i] == threads;
        others_once &= i == bad || calls->count[i] == 1;
    }
    int written = snprintf(wb_idea, sizeof wb_idea,
                           "item %lld was handled %d time%s, expected exactly once.",
                           first + bad, count, WB_PLURAL(count));
    const char *idea;
    char team_idea[320];
    if (all_by_team) {
        snprintf(team_idea, sizeof team_idea,
                 "every item was handled %d times, once by each of the %d threads of the "
                 "team: `#pragma omp parallel` alone gives every thread the whole loop; "
                 "`#pragma omp parallel for` (or `omp for` inside the region) divides the "
                 "items among them.", threads, threads);
        idea = team_idea;
    } else if (handled == 0)
        idea = "no item was handled at all: f is called for each item of the range.";
    else if (count == 0 && others_once && bad == n - 1 && n > 1)
        idea = "only the last item was missed: the loop stops one item short; the range "
               "includes its last item.";
    else if (count == 0 && others_once && bad == 0 && n > 1)
        idea = "only the first item was missed: the loop starts one item late; the range "
               "includes its first item.";
    else if (count == 0)
        idea = "every item of the range is handled; this one was skipped.";
    else
        idea = repeated;
    snprintf(wb_idea + written, sizeof wb_idea - (size_t)written, " Idea: %s", idea);
    return wb_idea;
}

void wb_assert_kernel_threads(const struct wb_calls *calls, int threads, const char *call, ...)
{
    char what[512], idea[512];
    va_list args;
    va_start(args, call);
    vsnprintf(what, sizeof what, call, args);
    va_end(args);
    int seen = wb_calls_kernel_threads(calls);
    if (seen == threads)
        return;
    int team = wb_calls_max_team(calls), first = -1;
    for (long i = 0; i < calls->size && first < 0; i++)
        if (calls->count[i])
            first = calls->thread[i];
    if (team == 1)
        snprintf(idea, sizeof idea, "every call came from a team of 1 thread: either no "
                 "parallel region ran (no `#pragma omp parallel`, or a build without "
                 "-fopenmp) or its team had one thread (a num_threads or if clause that "
                 "asked for one).");
    else if (team == threads && wb_calls_threads_used(calls) == 1)
        snprintf(idea, sizeof idea, "every call came from thread %d of the team of %d: one "
                 "thread ran the whole loop and the others had none of it. A worksharing "
                 "loop (`#pragma omp for` inside the region, or `parallel for`) gives each "
                 "thread of the team some of the items.", first, team);
    else
        snprintf(idea, sizeof idea, "only a team that really has %d threads, each with some "
                 "of the items, runs on that many.", threads);
    cr_assert_fail("%s: the work ran on %d kernel thread%s, expected %d, one for each thread "
                   "of the team. Idea: %s", what, seen, WB_PLURAL(seen), threads, idea);
}
