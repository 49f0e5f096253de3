/*
 * read_number.h - reading a count from the command line, for this lesson's
 * programs.
 *
 * atoi("abc") is 0 and atoi("20x") is 20: it cannot tell a number from a
 * typing mistake. strtol() can, with its end pointer and errno; and every
 * count has a range, so that "-- 100000" is refused in a sentence instead
 * of asking for a team of 100000 threads.
 */
#ifndef READ_NUMBER_H
#define READ_NUMBER_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* Store the whole number in `text` in *value and return 1 when it lies in
 * min..max; otherwise say so on stderr, in one sentence that names the
 * program and what was wrong, and return 0. */
static inline int read_number(const char *program, const char *what, const char *text,
                              long min, long max, long *value)
{
    char *end;
    errno = 0;
    long number = strtol(text, &end, 10);
    if (errno || end == text || *end != '\0' || number < min || number > max) {
        fprintf(stderr, "%s: the %s must be a whole number from %ld to %ld, not \"%s\".\n",
                program, what, min, max, text);
        return 0;
    }
    *value = number;
    return 1;
}

#endif
