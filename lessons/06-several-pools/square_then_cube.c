/*
 * square_then_cube.c - two "pools" one after the other.
 *
 * The tutorial's pool.py maps square over [1, 2, 3, 4, 5] with one pool,
 * closes it, then maps cube over the same list with a second pool. Here
 * each pool is a `#pragma omp parallel for`: a team of threads starts at
 * the top of the loop and is done at the bottom, so the cube loop only
 * begins once every square is in place.
 *
 * cube() is written below main() here, and that changes nothing: a C
 * function is part of the program from the start, whether its text comes
 * before or after main() (the declaration at the top is all the compiler
 * needs). A forked process would have it too. What a forked copy misses
 * is what the program creates at run time after the fork, like the task
 * registered too late in lesson 05, or the function that Python's `def`
 * creates when it runs. Threads miss nothing of the kind: they share the
 * process's memory, so whatever one thread creates, at any time, the
 * others can use, and the results land straight in the arrays with nothing
 * sent back.
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
    #pragma omp parallel for default(none) shared(r, squares)
    for (int i = 0; i < N; i++)
        squares[i] = square(r[i]);

    print_list("Square result", squares, N);

    /* The second pool: a new parallel region for the second map. */
    #pragma omp parallel for default(none) shared(r, cubes)
    for (int i = 0; i < N; i++)
        cubes[i] = cube(r[i]);

    print_list("Cube result", cubes, N);
    return 0;
}

/* Defined after main() on purpose, to show that where a C function is
 * written does not matter to the program that runs. */
static long long square(long long x)
{
    return x * x;
}

static long long cube(long long x)
{
    return x * x * x;
}
