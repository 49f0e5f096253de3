/*
 * tree_cutoff.c - a task per subtree, and where to stop making them.
 *
 * A tree's shape is not a loop's: no `for` runs over it. A recursive sum
 * can instead make a task for each child's subtree and wait for both
 * (taskwait) before adding. But a task costs far more than adding one
 * node, and the deep levels hold most of the nodes: a task for each of
 * them is mostly overhead. The cure is a cut-off: below some depth, no
 * more tasks, just the plain recursion.
 *
 *   if(depth < c)    when false, the task is undeferred: the task that
 *                    meets it waits until it is done. But it is still a
 *                    task, and the tasks IT creates are deferred or not by
 *                    their own if clause, false again below c here: every
 *                    node there is one more task, and the cost stays.
 *   final(depth >= c)  the task is final: every task created inside it, at
 *                    any depth, is final and included (run at once, in
 *                    place), and omp_in_final() says so, so the code can
 *                    switch to the plain recursion there and make none.
 *
 * Run:   ./workbook run 09 tree_cutoff -t 2        (-- DEPTH, 4 to 22)
 */
#define _POSIX_C_SOURCE 200809L
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#include "arguments.h"

#define RUNS 5

struct tree {
    long long value;
    struct tree *left, *right;
};

static long tasks_made;     /* counted in each task as it starts */

static long long plain_sum(const struct tree *node)
{
    if (!node)
        return 0;
    return node->value + plain_sum(node->left) + plain_sum(node->right);
}

/* Tasks for the two children, then taskwait. mode 0: no cut-off; mode 1:
 * if(depth < cutoff); mode 2: final(depth >= cutoff). */
static long long task_sum(const struct tree *node, int depth, int mode, int cutoff)
{
    if (mode == 2 && omp_in_final())
        return plain_sum(node);     /* past the cut-off: no task at all */
    long long left = 0, right = 0;
    int child = depth + 1;
    if (node->left) {
        #pragma omp task default(none) shared(left, tasks_made) \
            firstprivate(node, child, mode, cutoff) \
            if(mode != 1 || child < cutoff) final(mode == 2 && child >= cutoff)
        {
            #pragma omp atomic
            tasks_made++;
            left = task_sum(node->left, child, mode, cutoff);
        }
    }
    if (node->right) {
        #pragma omp task default(none) shared(right, tasks_made) \
            firstprivate(node, child, mode, cutoff) \
            if(mode != 1 || child < cutoff) final(mode == 2 && child >= cutoff)
        {
            #pragma omp atomic
            tasks_made++;
            right = task_sum(node->right, child, mode, cutoff);
        }
    }
    #pragma omp taskwait
    return node->value + left + right;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Run one version RUNS times after a warm-up; print its line. */
static void time_version(const char *name, const struct tree *root, long long want, int mode,
                         int cutoff)
{
    double seconds[RUNS];
    long long sum = 0;
    long made = 0;
    for (int run = -1; run < RUNS; run++) {
        tasks_made = 0;
        double start = omp_get_wtime();
        if (mode < 0) {
            sum = plain_sum(root);
        } else {
            #pragma omp parallel default(none) shared(sum, root, mode, cutoff)
            #pragma omp single
            sum = task_sum(root, 0, mode, cutoff);
        }
        if (run >= 0)
            seconds[run] = omp_get_wtime() - start;
        made = tasks_made;
    }
    qsort(seconds, RUNS, sizeof seconds[0], by_value);
    printf("%-22s %8ld tasks   sum %lld %s   %.4f s\n", name, made, sum,
           sum == want ? "right" : "WRONG", seconds[RUNS / 2]);
}

int main(int argc, char **argv)
{
    long depth = count_argument("tree_cutoff", argc, argv, "the depth", 18, 4, 22);
    if (depth < 0)
        return 2;
    long size = (1L << (depth + 1)) - 1;
    struct tree *nodes = malloc((size_t)size * sizeof *nodes);
    if (!nodes) {
        fprintf(stderr, "tree_cutoff: no memory for %ld nodes\n", size);
        return 1;
    }
    for (long i = 0; i < size; i++) {
        nodes[i].value = i % 7;
        nodes[i].left = 2 * i + 1 < size ? &nodes[2 * i + 1] : NULL;
        nodes[i].right = 2 * i + 2 < size ? &nodes[2 * i + 2] : NULL;
    }
    long long want = 0;
    for (long i = 0; i < size; i++)
        want += nodes[i].value;

    int threads = omp_get_max_threads();
    printf("A perfect tree of depth %ld: %ld nodes, %d thread%s, median of %d runs\n", depth,
           size, threads, threads == 1 ? "" : "s", RUNS);
    time_version("plain recursion", nodes, want, -1, 0);
    time_version("a task per node", nodes, want, 0, 0);
    time_version("if(depth < 4)", nodes, want, 1, 4);
    int cutoffs[] = {2, 4, 8, 12};
    for (int c = 0; c < 4; c++) {
        if (cutoffs[c] > depth)
            break;
        char name[32];
        snprintf(name, sizeof name, "final, cut-off %d", cutoffs[c]);
        time_version(name, nodes, want, 2, cutoffs[c]);
    }
    free(nodes);
    return 0;
}
