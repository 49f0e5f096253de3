/*
 * threads_lastprivate.c - lastprivate: each thread works on its own copy,
 * and the copy from the FINAL iteration is copied back when the loop ends.
 * private, by contrast, throws every copy away.
 */
#include <omp.h>
#include <stdio.h>

#define ITEMS 10

int main(void)
{
    long last = -1;
    int final_thread = -1;

    /* default(none): every variable is named in a clause. final_thread is
     * shared, and only the thread of the final item writes it. */
    #pragma omp parallel for schedule(static) default(none) lastprivate(last) \
        shared(final_thread)
    for (int i = 0; i < ITEMS; i++) {
        last = (long)(i + 1) * (i + 1);   /* the square of item i + 1 */
        if (i == ITEMS - 1)
            final_thread = omp_get_thread_num();
    }
    printf("lastprivate(last): after the loop, last = %ld (the square of %d, the final item)\n",
           last, ITEMS);
    printf("The final item ran on thread %d of %d; its copy was kept\n", final_thread,
           omp_get_max_threads());

    last = -1;
    #pragma omp parallel for schedule(static) default(none) private(last)
    for (int i = 0; i < ITEMS; i++)
        last = (long)(i + 1) * (i + 1);
    printf("private(last): after the loop, last = %ld, as it was before the loop\n", last);
    return 0;
}
