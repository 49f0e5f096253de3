/*
 * Race driver for exercise 09 (see cmake/Race.cmake): built with
 * -fsanitize=thread and run by ./workbook race 09 as `driver THREADS`.
 * It calls every function of the API with enough items that the team's
 * threads run tasks at the same time: a task that reads the walk's pointer
 * while the walk moves it, a sum read before its task wrote it, or a
 * combine that reads a[i] before its producer wrote it races there.
 */
#include "tasks.h"
#include "driver.h"

#include <omp.h>
#include <stddef.h>

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

    pipeline(ITEMS, item_square, add_up, a, b);
    chunked_map(ITEMS, 7, race_square, out);
    return 0;
}
