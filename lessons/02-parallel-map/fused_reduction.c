/*
 * fused_reduction.c - the map and the reduce in one parallel loop.
 *
 * fill_then_sum.c kept all 5000 squares only to add them up afterwards.
 * Here each thread adds its squares as it goes, into a total of its own,
 * and OpenMP adds the threads' totals together when the loop ends. No
 * array is needed.
 *
 * Run it:    ./workbook run 02 fused_reduction
 *            ./workbook run 02 fused_reduction -t 8
 */
#include <omp.h>
#include <stdio.h>

#define FIRST 1
#define LAST 5000

typedef long long (*map_fn)(long long x);

static long long square(long long x)
{
    return x * x;
}

int main(void)
{
    printf("Number of cores available equals %d\n", omp_get_num_procs());

    map_fn f = square;
    long long total = 0;

    /* Without the clause, every thread would read and write the one
     * shared total at the same time, and additions could be lost (a data
     * race, lesson 07). reduction(+:total) gives each thread a private
     * total starting at 0, and adds the private totals into this one when
     * the loop ends. */
    #pragma omp parallel for reduction(+:total)
    for (long long x = FIRST; x <= LAST; x++)
        total += f(x);

    printf("The sum of the square of the first %d integers is %lld\n",
           LAST - FIRST + 1, total);
    return 0;
}
