/*
 * list_walk.c - irregular work that no loop schedule fits: a linked list.
 *
 * `#pragma omp parallel for` needs to know the items before it starts: a
 * count, and a way to jump to item i. A linked list has neither; only a
 * walk from the head finds its nodes. Copying the node pointers into an
 * array first is one more pass over the list, and memory. With tasks, one
 * thread walks the list once and creates a task per node as it goes; the
 * team runs them, and a node that costs a hundred times more than the
 * others simply keeps one thread busy while the others go on.
 *
 * Run:   ./workbook run 09 list_walk -t 2        (-- N, 10 to 100000 nodes)
 */
#define _POSIX_C_SOURCE 200809L
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#include "arguments.h"

#define RUNS 5
#define MAX_TEAM 64

struct node {
    long cost;              /* how much work this node is */
    long long result;
    struct node *next;
};

/* Work in proportion to cost: a little arithmetic the compiler cannot skip. */
static long long work(long cost)
{
    unsigned long x = (unsigned long)cost;
    for (long step = 0; step < 2000 * cost; step++)
        x = x * 6364136223846793005UL + 1442695040888963407UL;
    return (long long)(x >> 33);
}

static void walk_serially(struct node *head)
{
    for (struct node *p = head; p; p = p->next)
        p->result = work(p->cost);
}

static void walk_with_tasks(struct node *head, long per_thread[MAX_TEAM])
{
    #pragma omp parallel default(none) shared(head, per_thread)
    #pragma omp single
    for (struct node *p = head; p; p = p->next) {
        #pragma omp task default(none) firstprivate(p) shared(per_thread)
        {
            p->result = work(p->cost);
            int t = omp_get_thread_num();
            if (t < MAX_TEAM) {
                #pragma omp atomic
                per_thread[t] += p->cost;
            }
        }
    }
}

static long long checksum(const struct node *head)
{
    long long sum = 0;
    for (const struct node *p = head; p; p = p->next)
        sum += p->result;
    return sum;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    long n = count_argument("list_walk", argc, argv, "N", 2000, 10, 100000);
    if (n < 0)
        return 2;
    struct node *nodes = calloc((size_t)n, sizeof *nodes);
    if (!nodes)
        return 1;
    long total_cost = 0;
    for (long k = 0; k < n; k++) {
        nodes[k].cost = k % 10 == 0 ? 100 : 1;   /* every tenth node is 100 times dearer */
        nodes[k].next = k + 1 < n ? &nodes[k + 1] : NULL;
        total_cost += nodes[k].cost;
    }
    int threads = omp_get_max_threads();
    printf("A list of %ld nodes, every tenth 100 times dearer; %d thread%s, median of %d "
           "runs\n", n, threads, threads == 1 ? "" : "s", RUNS);

    double serial[RUNS], tasks[RUNS];
    long per_thread[MAX_TEAM] = {0};
    walk_serially(nodes);                         /* warm-up */
    long long want = checksum(nodes);
    for (int run = 0; run < RUNS; run++) {
        double start = omp_get_wtime();
        walk_serially(nodes);
        serial[run] = omp_get_wtime() - start;
        for (long k = 0; k < n; k++)
            nodes[k].result = 0;
        for (int t = 0; t < MAX_TEAM; t++)
            per_thread[t] = 0;
        start = omp_get_wtime();
        walk_with_tasks(nodes, per_thread);
        tasks[run] = omp_get_wtime() - start;
    }
    long long got = checksum(nodes);
    qsort(serial, RUNS, sizeof serial[0], by_value);
    qsort(tasks, RUNS, sizeof tasks[0], by_value);
    printf("serial walk          %.4f s\n", serial[RUNS / 2]);
    printf("a task per node      %.4f s   %.2f x\n", tasks[RUNS / 2],
           serial[RUNS / 2] / tasks[RUNS / 2]);
    printf("The tasks' results are %s\n", got == want ? "the serial walk's" : "WRONG");
    for (int t = 0; t < threads && t < MAX_TEAM; t++)
        printf("thread %d did %5.1f %% of the work\n", t, 100.0 * (double)per_thread[t] /
               (double)total_cost);
    free(nodes);
    return 0;
}
