/*
 * Exercise 09 - tasks, OpenMP's apply_async.
 *
 * Read lessons/09-tasks-and-futures/README.md first. Then replace each TODO
 * below, and check your work with:   ./workbook check 09
 */
#include "tasks.h"

#include <omp.h>
#include <stddef.h>

long list_map(const struct node *head, map_fn f, long long *out)
{
    long count = 0;
    /* TODO: a `#pragma omp parallel` region in which ONE thread
     * (`#pragma omp single`) walks the list, counting the nodes, and
     * creates a `#pragma omp task` per node that stores f(p->value) in
     * out[k]. The walk's p and k change while the tasks wait to run: give
     * each task its own copy of both (firstprivate), and say how every
     * other variable is shared (default(none) makes you list them).
     * The lesson's list_walk.c and captured.c show the pieces. */
    (void)head;
    (void)f;
    (void)out;
    return count;
}

long long tree_sum(const struct tree *root, visit_fn visit, int cutoff)
{
    /* TODO: a recursive helper (static) that visits a node, sums each of its
     * two subtrees in a `#pragma omp task` of its own, waits for both with
     * `#pragma omp taskwait`, and returns the node's value plus both sums.
     * The task for a child at depth d gets final(d >= cutoff); once
     * omp_in_final() is true the helper can recurse without tasks at all.
     * Call it from one thread of a team (parallel + single). The lesson's
     * tree_cutoff.c shows the cut-off. */
    (void)root;
    (void)visit;
    (void)cutoff;
    return 0;
}

void pipeline(long n, produce_fn produce, combine_fn combine, long long *a, long long *b)
{
    /* TODO: in a parallel region, one thread creates, for each i, a task
     * `a[i] = produce(i);` with depend(out: a[i]), and a task that combines
     * a[i] with the running result, with depend(in: a[i]) and
     * depend(inout: running) on a variable all the combines share, and
     * stores it in b[i]. No taskwait between the two stages: the depend
     * clauses give the order (the lesson's depend_chain.c). */
    (void)n;
    (void)produce;
    (void)combine;
    (void)a;
    (void)b;
}

void chunked_map(long n, long grainsize, map_fn f, long long *out)
{
    /* TODO: in a parallel region, one thread meets
     * `#pragma omp taskloop grainsize(grainsize)` over i from 0 to n - 1,
     * doing out[i] = f(i) (the lesson's taskloop_grain.c). clang 14 warns
     * about the code it makes for a signed taskloop variable: an unsigned
     * long i keeps it quiet. */
    (void)n;
    (void)grainsize;
    (void)f;
    (void)out;
}
