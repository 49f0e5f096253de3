/*
 * Exercise 01 - how many workers?
 *
 * Read lessons/01-how-many-workers/README.md first. Then replace each TODO
 * below, and check your work with:   ./workbook check 01
 */
#include "workers.h"

#include <omp.h>
#include <stdio.h>

int cores_available(void)
{
    /* TODO: return the number of CPUs the OpenMP runtime says this program
     * may use (the tutorial's "cores"; lesson program cores.c). */
    return 0;
}

int default_team_size(void)
{
    int size = 0;
    /* TODO: start a parallel region with no clauses and, inside it, store
     * the size of the team in size, written by one thread only (lesson
     * programs team.c and asked_and_got.c). Outside a region the answer
     * would always be 1. */
    return size;
}

void describe_cores(char *buf, size_t size)
{
    /* TODO: write "Number of cores available equals N" into buf, using
     * cores_available() for N. snprintf(buf, size, ...) already never
     * writes more than size characters and always ends with '\0'. */
    (void)buf;
    (void)size;
}
