/*
 * tasks.h - the API of exercise 09 (do not edit: the tests use it).
 *
 * Four pieces of work that a parallel loop does not fit, each done with
 * OpenMP tasks, the counterpart of Python's pool.apply_async:
 *
 *   list_map      one task per node of a linked list, created by one thread
 *   tree_sum      a recursive sum with a task per subtree, a taskwait before
 *                 the children's sums are read, and a cut-off (final)
 *   pipeline      two stages per item, the second waiting only for what it
 *                 needs: depend(in/out/inout)
 *   chunked_map   a taskloop whose tasks have grainsize items (Pool's chunksize)
 *
 * Every function here starts its own team (`#pragma omp parallel`), of the
 * size omp_get_max_threads() gives (the tests call omp_set_num_threads),
 * in which ONE thread creates the tasks (`#pragma omp single`) and every
 * thread of the team may run them. A function returns only when all of its
 * tasks have finished.
 *
 * The tests hand you functions that record which kernel thread ran each
 * call, that pause, or that wait a little for another call to come in: so a
 * team that never shares the tasks, a task that reads a variable after it
 * changed, a result read before its task finished, and a dependency left
 * out are all seen, on a machine with one CPU too.
 *
 * Besides, every function here is graded on how it gets its results: no
 * data race (ThreadSanitizer watches it at 2, 3 and 4 threads), no access
 * outside the arrays it is given and nothing left allocated when it returns
 * (AddressSanitizer and LeakSanitizer watch it). Your file defines only the
 * functions below (make any helper of yours `static`) and calls only OpenMP
 * and the C library's string, number, allocation, maths, time and printing
 * functions: anything else is refused before it runs.
 */
#ifndef TASKS_H
#define TASKS_H

/* --- list_map ------------------------------------------------------------- */

/* A node of a singly linked list; the last node's next is NULL. */
struct node {
    long long value;
    struct node *next;
};

/* A function of one value, like `square` in the lessons. */
typedef long long (*map_fn)(long long x);

/*
 * Walk the list from head (NULL: an empty list) and store f(value) of the
 * k-th node (k = 0, 1, 2, ...) in out[k]: results in list order. Return the
 * number of nodes.
 *
 * One task per node, created by ONE thread of the team while it walks the
 * list (`single`); every thread of the team may run them, several at once.
 * f is called exactly once per node, with that node's value. Each task must
 * keep the node and the position it was created for: a variable that the
 * walk moves on is shared with the tasks unless the task takes its own copy
 * (firstprivate).
 */
long list_map(const struct node *head, map_fn f, long long *out);

/* --- tree_sum ------------------------------------------------------------- */

/* A node of a binary tree; a missing child is NULL. */
struct tree {
    long long value;
    struct tree *left, *right;
};

/* What a node is worth: called once per node (the tests' visit also
 * records who called it and how). */
typedef long long (*visit_fn)(const struct tree *node);

/*
 * Return the sum of visit(node) over every node of the tree under root
 * (0 for an empty tree, root == NULL). The root has depth 0, its children
 * depth 1, and so on.
 *
 * The two subtrees of a node are summed in tasks of their own, and the
 * node's sum is read only after both have finished (taskwait). The cut-off
 * (1 <= cutoff): a node at depth d >= cutoff is visited inside a FINAL task
 * (`final(...)`: the tasks it would create are run at once, by the thread
 * that meets them, and omp_in_final() is true there; the tests ask it in
 * visit). A node at depth d < cutoff is visited outside any final task,
 * so that the tasks made for its children can be run by other threads.
 * Below the cut-off the code may just as well call a plain recursive
 * function: omp_in_final() tells it where it is.
 */
long long tree_sum(const struct tree *root, visit_fn visit, int cutoff);

/* --- pipeline ------------------------------------------------------------- */

/* Stage 1 of item i: what it produces. */
typedef long long (*produce_fn)(long i);
/* Stage 2 of item i: combines item i's product with the previous item's
 * stage-2 result (0 for item 0), and returns the new result. */
typedef long long (*combine_fn)(long i, long long product, long long previous);

/*
 * For i = 0 .. n - 1 (n >= 0): a[i] = produce(i), and
 * b[i] = combine(i, a[i], i > 0 ? b[i - 1] : 0). Each call in a task of its
 * own, all created by ONE thread; produce and combine are each called
 * exactly once per item.
 *
 * combine(i, ...) starts only after produce(i) and combine(i - 1, ...) have
 * finished, and waits for nothing else: no taskwait or barrier between the
 * stages, so that item 0's stage 2 can run while later items are still in
 * stage 1. The order comes from depend clauses: depend(out: a[i]) on the
 * producer, depend(in: a[i]) and a dependence on the previous combine (for
 * instance depend(inout: ...) on one variable all the combines share) on
 * the combiner. The produce tasks depend on nothing: they may run at once.
 */
void pipeline(long n, produce_fn produce, combine_fn combine, long long *a, long long *b);

/* --- chunked_map ---------------------------------------------------------- */

/*
 * out[i] = f(i) for i = 0 .. n - 1 (n >= 0), with `#pragma omp taskloop
 * grainsize(grainsize)` (1 <= grainsize), started by ONE thread of the team:
 * the loop is cut into tasks of consecutive items, each of at least
 * grainsize items (all n when n < grainsize) and fewer than 2 * grainsize,
 * and the tasks are shared by the team. The tests look at the task that
 * holds item 0: it has items 0 .. grainsize - 1, all run by one thread one
 * after the other, and no item from 2 * grainsize - 1 on.
 */
void chunked_map(long n, long grainsize, map_fn f, long long *out);

#endif
