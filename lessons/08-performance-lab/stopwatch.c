/*
 * stopwatch.c - see stopwatch.h.
 */
#include "stopwatch.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

struct spread spread_of(double *seconds, int runs)
{
    qsort(seconds, (size_t)runs, sizeof seconds[0], by_value);
    struct spread s;
    s.runs = runs;
    s.min = seconds[0];
    s.max = seconds[runs - 1];
    /* With an even number of runs the median is the mean of the two middle ones. */
    s.median = runs % 2 ? seconds[runs / 2] : (seconds[runs / 2 - 1] + seconds[runs / 2]) / 2;
    return s;
}

double spread_percent(struct spread s)
{
    return s.median > 0 ? 100.0 * (s.max - s.min) / s.median : 0.0;
}

int stopwatch_repeat(int *argc, char **argv)
{
    if (*argc < 3 || strcmp(argv[1], "--repeat") != 0)
        return 0;
    char *end;
    errno = 0;
    long k = strtol(argv[2], &end, 10);
    if (errno || end == argv[2] || *end != '\0' || k < 1 || k > 1000) {
        fprintf(stderr, "%s: --repeat needs a number of runs from 1 to 1000, not \"%s\".\n",
                argv[0], argv[2]);
        exit(2);
    }
    /* Shift the program's own arguments down over the two we took. */
    for (int i = 3; i <= *argc; i++)
        argv[i - 2] = argv[i];
    *argc -= 2;
    return (int)k;
}

void stopwatch_print_runs(const char *label, const double *seconds, int runs)
{
    for (int r = 0; r < runs; r++)
        printf("time %s %.9f\n", label, seconds[r]);
}

long stopwatch_number(int argc, char **argv, int index, const char *program,
                      const char *what, long low, long high, long fallback)
{
    if (argc <= index)
        return fallback;
    char *end;
    errno = 0;
    long value = strtol(argv[index], &end, 10);
    if (errno || end == argv[index] || *end != '\0' || value < low || value > high) {
        fprintf(stderr, "%s: %s must be a whole number from %ld to %ld, not \"%s\".\n",
                program, what, low, high, argv[index]);
        exit(2);
    }
    return value;
}

unsigned long long squares_mod_2_64(unsigned long long n)
{
    /* n(n+1)(2n+1)/6: divide the factors by 2 and by 3 first, where they
     * divide exactly, then multiply, wrapping modulo 2^64. */
    unsigned long long a = n, b = n + 1, c = 2 * n + 1;
    if (a % 2 == 0)
        a /= 2;
    else
        b /= 2;
    if (a % 3 == 0)
        a /= 3;
    else if (b % 3 == 0)
        b /= 3;
    else
        c /= 3;
    return a * b * c;
}
