/*
 * square_then_cube.c - two "pools" one after the other.
 *
 * The tutorial's pool.py maps square over [1, 2, 3, 4, 5] with one pool,
 * closes it, then maps cube over the same list with a second pool. Here
 * each pool is a `#pragma omp parallel for`: a team of threads starts at
 * the top of the loop and is done at the bottom, so the cube loop only
 * begins once every square is in place.
 *
 * Unlike Python's workers, the threads do not hold copies of the program
 * made at some moment: they share its memory and its functions. That is
 * why cube() may be written anywhere in this file, even below main(), and
 * why the results land straight in the arrays with nothing sent back.
 */
#include <stdio.h>

#define N 5

static long long square(long long x);
static long long cube(long long x);

static void print_list(const char *label, const long long *values, int n)
{
    printf("%s: [", label);
    for (int i = 0; i < n; i++)
        printf(i ? ", %lld" : "%lld", values[i]);
    printf("]\n");
}

int main(void)
{
    const long long r[N] = {1, 2, 3, 4, 5};
    long long squares[N], cubes[N];

    /* The first pool: a team maps square over r, then ends. */
    #pragma omp parallel for
    for (int i = 0; i < N; i++)
        squares[i] = square(r[i]);

    print_list("Square result", squares, N);

    /* The second pool: a new parallel region for the second map. */
    #pragma omp parallel for
    for (int i = 0; i < N; i++)
        cubes[i] = cube(r[i]);

    print_list("Cube result", cubes, N);
    return 0;
}

/* Defined after main() on purpose: with threads, nothing was copied before
 * this point, so there is no "Can't get attribute 'cube'" to fear. */
static long long square(long long x)
{
    return x * x;
}

static long long cube(long long x)
{
    return x * x * x;
}
