/*
 * static_blocks.c - how schedule(static) shares out the items.
 *
 * schedule(static) with no chunk size cuts the items into at most one
 * block per thread, of about equal sizes, handed out in thread order
 * (thread 0 gets the first block, thread 1 the next, ...). The OpenMP
 * standard promises that much and leaves the exact sizes open; gcc's and
 * clang's runtimes make them differ by at most one, and give the first
 * threads one item more when the items do not divide evenly. The
 * split depends only on the number of items and of threads, so it is the
 * same on every run (unlike the order of printing, see print_order.c).
 *
 * schedule(static, 3) instead deals out blocks of 3 in turn, like cards:
 * the pattern of the tutorial's Python trace, where pool.map sent its
 * workers chunks of 3 items.
 *
 * Run:   ./workbook run 03 static_blocks            (items 1 to 20)
 *        ./workbook run 03 static_blocks -- 21      (items 1 to 21)
 *        ./workbook run 03 static_blocks -t 3       (the last table: 3 threads)
 */
#include <errno.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_ITEMS 1000
#define MAX_TEAM 64

/* Print the items that `thread` handled as runs of consecutive numbers,
 * such as "1-3 7-9", followed by how many there were. */
static void print_share(const int *who, int items, int thread)
{
    int count = 0;
    printf("  thread %d:", thread);
    int x = 1;
    while (x <= items) {
        if (who[x] != thread) {
            x++;
            continue;
        }
        int end = x;                  /* the run of this thread's items from x */
        while (end < items && who[end + 1] == thread)
            end++;
        if (end > x)
            printf(" %d-%d", x, end);
        else
            printf(" %d", x);
        count += end - x + 1;
        x = end + 1;
    }
    printf(" (%d item%s)\n", count, count == 1 ? "" : "s");
}

/* A whole number from 1 to MAX_ITEMS, or -1. */
static int read_items(const char *text)
{
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno || end == text || *end != '\0' || value < 1 || value > MAX_ITEMS)
        return -1;
    return (int)value;
}

int main(int argc, char **argv)
{
    int items = argc > 1 ? read_items(argv[1]) : 20;
    if (items < 0) {
        fprintf(stderr, "static_blocks: the number of items must be a whole number from 1 "
                "to %d, not \"%s\".\n", MAX_ITEMS, argv[1]);
        return 2;
    }
    static const int teams[] = {1, 2, 3, 4, 8};
    int who[MAX_ITEMS + 1];   /* who[x]: the thread that handled item x */

    for (size_t i = 0; i < sizeof teams / sizeof teams[0]; i++) {
        int threads = teams[i];
        #pragma omp parallel for num_threads(threads) schedule(static)
        for (int x = 1; x <= items; x++)
            who[x] = omp_get_thread_num();

        printf("schedule(static), items 1 to %d, %d thread%s:\n", items, threads,
               threads == 1 ? "" : "s");
        for (int t = 0; t < threads; t++)
            print_share(who, items, t);
    }

    #pragma omp parallel for num_threads(2) schedule(static, 3)
    for (int x = 1; x <= items; x++)
        who[x] = omp_get_thread_num();
    printf("schedule(static, 3), items 1 to %d, 2 threads:\n", items);
    for (int t = 0; t < 2; t++)
        print_share(who, items, t);

    /* No num_threads clause here: the default team, whose size -t sets
     * (OMP_NUM_THREADS), and otherwise one thread per CPU. */
    int team = omp_get_max_threads();
    if (team > MAX_TEAM) {
        fprintf(stderr, "static_blocks: the default team would have %d threads; this "
                "program prints at most %d.\n", team, MAX_TEAM);
        return 2;
    }
    #pragma omp parallel for schedule(static)
    for (int x = 1; x <= items; x++)
        who[x] = omp_get_thread_num();
    printf("schedule(static), items 1 to %d, the default team of %d thread%s:\n", items,
           team, team == 1 ? "" : "s");
    for (int t = 0; t < team; t++)
        print_share(who, items, t);
    return 0;
}
