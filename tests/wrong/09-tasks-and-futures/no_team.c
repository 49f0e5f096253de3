/*
 * Wrong program: the tasks are there, but no parallel region around them:
 * a task met outside any team runs at once, on the thread that meets it,
 * so the list is walked serially.
 * expect-fail: list_map_shared_by_the_team
 */
#include "tasks.h"

#include <omp.h>
#include <stddef.h>

long list_map(const struct node *head, map_fn f, long long *out)
{
    long k = 0;
    for (const struct node *p = head; p; p = p->next, k++) {
        #pragma omp task default(none) firstprivate(p, k) shared(f, out)
        out[k] = f(p->value);
    }
    #pragma omp taskwait
    return k;
}

/* The sum of one subtree, visited in the task that calls it. */
static long long subtree_sum(const struct tree *node, visit_fn visit, int depth, int cutoff)
{
    long long mine = visit(node);
    long long left = 0, right = 0;
    if (omp_in_final()) {
        /* Past the cut-off: plain recursion, no task at all. */
        if (node->left)
            left = subtree_sum(node->left, visit, depth + 1, cutoff);
        if (node->right)
            right = subtree_sum(node->right, visit, depth + 1, cutoff);
        return mine + left + right;
    }
    if (node->left) {
        #pragma omp task default(none) shared(left, visit) firstprivate(node, depth, cutoff) \
            final(depth + 1 >= cutoff)
        left = subtree_sum(node->left, visit, depth + 1, cutoff);
    }
    if (node->right) {
        #pragma omp task default(none) shared(right, visit) firstprivate(node, depth, cutoff) \
            final(depth + 1 >= cutoff)
        right = subtree_sum(node->right, visit, depth + 1, cutoff);
    }
    /* left and right are written by the two tasks: read them only after
     * both have finished. */
    #pragma omp taskwait
    return mine + left + right;
}

long long tree_sum(const struct tree *root, visit_fn visit, int cutoff)
{
    long long total = 0;
    if (!root)
        return 0;
    #pragma omp parallel default(none) shared(root, visit, cutoff, total)
    #pragma omp single
    total = subtree_sum(root, visit, 0, cutoff);
    return total;
}

void pipeline(long n, produce_fn produce, combine_fn combine, long long *a, long long *b)
{
    #pragma omp parallel default(none) shared(n, produce, combine, a, b)
    #pragma omp single
    {
        /* The running result: every combine reads and writes it, so
         * depend(inout: running) runs them in the order they were made. */
        long long running = 0;
        for (long i = 0; i < n; i++) {
            #pragma omp task default(none) firstprivate(i) shared(produce, a) \
                depend(out: a[i])
            a[i] = produce(i);
            #pragma omp task default(none) firstprivate(i) shared(combine, a, b, running) \
                depend(in: a[i]) depend(inout: running)
            {
                running = combine(i, a[i], running);
                b[i] = running;
            }
        }
        /* running lives in this block: wait for its last user. */
        #pragma omp taskwait
    }
}

void chunked_map(long n, long grainsize, map_fn f, long long *out)
{
    /* Unsigned: clang 14 warns (-Wsign-compare) about the code it makes
     * for a taskloop over a signed variable. n >= 0, so nothing is lost. */
    unsigned long items = (unsigned long)n;
    #pragma omp parallel default(none) shared(items, grainsize, f, out)
    #pragma omp single
    #pragma omp taskloop default(none) shared(f, out) firstprivate(items) grainsize(grainsize)
    for (unsigned long i = 0; i < items; i++)
        out[i] = f((long long)i);
}
