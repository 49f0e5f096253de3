/*
 * Race driver for exercise 10 (see cmake/Race.cmake): built with
 * -fsanitize=thread and run by ./workbook race 10 as `driver THREADS`.
 * It calls every function of the API with more items than threads, so that
 * every thread adds into both sums, its own summary and its own counts,
 * and every merge of the partials runs.
 */
#include "mapreduce.h"
#include "driver.h"

#define ITEMS 600

/* Pure functions, so that the driver itself never races. */
static long long add(long long a, long long b)
{
    return a + b;
}

static long long multiply(long long a, long long b)
{
    return a * b;
}

static long long falling(long i)
{
    return -(long long)i % 97;
}

static long long square_of(long i)
{
    return race_square(i);
}

static int key_of(long i)
{
    return (int)(i % 5);
}

int main(int argc, char **argv)
{
    race_driver_team(argc, argv);

    long long a[ITEMS], b[ITEMS];
    for (long i = 0; i < ITEMS; i++) {
        a[i] = i;
        b[i] = ITEMS - i;
    }
    (void)map_reduce_two(add, multiply, a, b, ITEMS);
    (void)summarize(falling, ITEMS);
    (void)summarize(square_of, ITEMS);
    (void)count_keys(key_of, ITEMS);
    return 0;
}
