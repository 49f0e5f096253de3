/*
 * Race driver for exercise 09 (see cmake/Race.cmake): built with
 * -fsanitize=thread and run by ./workbook race 09 as `driver THREADS`.
 * It calls every function of the API with enough items that the team's
 * threads run tasks at the same time: a task that reads the walk's pointer
 * while the walk moves it, a sum read before its task wrote it (also in a
 * tree of three nodes, see below), or a combine that reads a[i] before
 * its producer wrote it races there.
 */
#include "tasks.h"
#include "driver.h"

#include <omp.h>
#include <stddef.h>
#include <time.h>

#define ITEMS 300
#define TREE 255

static long long item_square(long i)
{
    return (long long)i * i;
}

static long long add_up(long i, long long product, long long previous)
{
    return previous + product + i;
}

static long long node_value(const struct tree *node)
{
    return node->value;
}

/*
 * A root with two leaves, whose visits pause: a sum read before its task
 * wrote it races here. In the big tree TSan may not see that race: while
 * one thread runs the left subtree's task, it also takes tasks that the
 * thread which read the sums made later, inside the right subtree; taking
 * a task orders what its maker did before (that read too) before what the
 * taker does next, so this run has no race on the sums to show, although
 * another run could. Leaves make no tasks, and the pause gives another
 * thread the time to take one of the two before the maker runs both.
 */
static struct tree cherry[3];

static long long slow_leaf(const struct tree *node)
{
    if (!node->left && !node->right) {
        struct timespec nap = {0, 2000000};
        nanosleep(&nap, NULL);
    }
    return node->value;
}

int main(int argc, char **argv)
{
    race_driver_team(argc, argv);

    /* Room past the end for code that runs one item too far. */
    static struct node list[ITEMS];
    static long long out[ITEMS + 8], a[ITEMS + 8], b[ITEMS + 8];
    for (int k = 0; k < ITEMS; k++) {
        list[k].value = k;
        list[k].next = k + 1 < ITEMS ? &list[k + 1] : NULL;
    }
    (void)list_map(list, race_square, out);

    static struct tree tree[TREE];
    for (int i = 0; i < TREE; i++) {
        tree[i].value = i;
        tree[i].left = 2 * i + 1 < TREE ? &tree[2 * i + 1] : NULL;
        tree[i].right = 2 * i + 2 < TREE ? &tree[2 * i + 2] : NULL;
    }
    (void)tree_sum(tree, node_value, 3);
    (void)tree_sum(tree, node_value, 100);
    cherry[0] = (struct tree){1, &cherry[1], &cherry[2]};
    cherry[1].value = 2;
    cherry[2].value = 3;
    for (int round = 0; round < 3; round++)
        (void)tree_sum(cherry, slow_leaf, 3);

    pipeline(ITEMS, item_square, add_up, a, b);
    chunked_map(ITEMS, 7, race_square, out);
    return 0;
}
