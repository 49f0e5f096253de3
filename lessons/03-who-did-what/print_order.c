/*
 * print_order.c - the threads print in no fixed order.
 *
 * Each thread prints its items as soon as it has them. The threads run at
 * the same time, and nothing makes thread 1 wait for thread 0 before it
 * prints, so the lines come out in whatever order the threads reach
 * printf(). That order depends on when the operating system lets each
 * thread run. It may change from run to run and from round to round, or
 * stay the same many times in a row: nothing promises either.
 *
 * If you need the lines in item order, do not print inside the loop: let
 * each item record who handled it, and print the record after the loop.
 *
 * Run:   ./workbook run 03 print_order -t 4
 */
#include <omp.h>
#include <stdio.h>

#define ITEMS 12
#define ROUNDS 5

int main(void)
{
    int team = omp_get_max_threads();
    printf("Printing items 1 to %d from %d thread%s, %d rounds:\n", ITEMS, team,
           team == 1 ? "" : "s", ROUNDS);

    for (int round = 1; round <= ROUNDS; round++) {
        printf("Round %d:", round);
        /* Each printf() call is whole: two threads never mix the characters
         * of one call. But which call comes first is anyone's guess. */
        #pragma omp parallel for schedule(static)
        for (int x = 1; x <= ITEMS; x++)
            printf(" %d", x);
        printf("\n");
    }

    /* The same work, recorded instead of printed: slot x - 1 says which
     * thread handled item x. Each item has its own slot, so no two threads
     * write the same place. */
    int who[ITEMS];
    #pragma omp parallel for schedule(static)
    for (int x = 1; x <= ITEMS; x++)
        who[x - 1] = omp_get_thread_num();

    /* Printed by one thread after the loop: always in item order. */
    printf("Recorded in the loop, printed after it, in item order:\n");
    for (int x = 1; x <= ITEMS; x++)
        printf("Worker %d calculating square of %d\n", who[x - 1], x);
    return 0;
}
