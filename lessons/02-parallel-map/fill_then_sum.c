/*
 * fill_then_sum.c - pool.map, then reduce, in C with OpenMP.
 *
 * Python: a Pool of workers maps square() over the numbers 1 to 5000 and
 * hands back the list of squares; reduce() then adds the list up.
 *
 * C: a parallel loop fills an array of results, one slot per item, and then
 * an ordinary loop adds them up, as reduce does.
 *
 * Run it:    ./workbook run 02 fill_then_sum
 *            ./workbook run 02 fill_then_sum -t 4
 */
#include <omp.h>
#include <stdio.h>

#define FIRST 1
#define LAST 5000
#define COUNT (LAST - FIRST + 1)

/* The type of a function that takes one long long and returns one: the
 * kind of function a map can be handed. */
typedef long long (*map_fn)(long long x);

/* The function to map, like the tutorial's square(). long long because
 * the squares, and above all their sum, do not fit in an int. */
static long long square(long long x)
{
    return x * x;
}

/* The list pool.map returns becomes an array with one slot per item.
 * Declared outside main so that it does not sit on main's stack. */
static long long result[COUNT];

int main(void)
{
    printf("Number of cores available equals %d\n", omp_get_num_procs());

    /* In Python you hand pool.map the function itself; in C you hand
     * over a pointer to it, and calling f(x) calls square(x). */
    map_fn f = square;

    /* `parallel` starts the team (Pool()), `for` shares the iterations
     * among its threads (pool.map). Each thread writes only the slots of
     * the items it was given, so no two threads touch the same slot, and
     * result[x - FIRST] holds f(x) whichever thread computed it. */
    #pragma omp parallel for
    for (long long x = FIRST; x <= LAST; x++)
        result[x - FIRST] = f(x);

    /* The team has finished (every thread waits at the end of the loop),
     * so one thread can now add the results up: this is reduce. */
    long long total = 0;
    for (long i = 0; i < COUNT; i++)
        total += result[i];

    printf("The sum of the square of the first %d integers is %lld\n", COUNT, total);
    return 0;
}
