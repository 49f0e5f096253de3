/*
 * arguments.h - the one command-line argument this lesson's programs take.
 *
 * strtol() with its end pointer tells "20" from "20x" and "abc", which
 * atoi() cannot, and every count has a range: a typing mistake is refused
 * in one sentence, never turned into a list of a billion nodes.
 */
#ifndef ARGUMENTS_H
#define ARGUMENTS_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>   /* nanosleep: the program defines _POSIX_C_SOURCE */

/* The count in argv[1], or `fallback` when there is none. Returns -1 (after
 * saying why on stderr) when argv[1] is not a whole number in low..high. */
static inline long count_argument(const char *program, int argc, char **argv,
                                  const char *what, long fallback, long low, long high)
{
    if (argc < 2)
        return fallback;
    char *end;
    errno = 0;
    long value = strtol(argv[1], &end, 10);
    if (errno || end == argv[1] || *end != '\0' || value < low || value > high) {
        fprintf(stderr, "%s: %s must be a whole number from %ld to %ld, not \"%s\".\n",
                program, what, low, high, argv[1]);
        return -1;
    }
    return value;
}

/* Sleep for `us` microseconds: a job that takes time without using a CPU,
 * so that the other threads get to run even on a machine with one. */
static inline void nap(long us)
{
    struct timespec pause = {us / 1000000, (us % 1000000) * 1000};
    nanosleep(&pause, NULL);
}

#endif
