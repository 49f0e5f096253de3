/*
 * captured.c - what a task sees of a variable that changes after it is
 * created.
 *
 * A task runs later, maybe much later, than the line that creates it. The
 * loop that creates the tasks has moved on by then: a task that reads the
 * loop's own variable (shared) reads it as it is THEN, not as it was when
 * the task was made. firstprivate(k) gives the task its own copy, taken
 * when the task is created: like the argument tuple of apply_async in
 * Python, which holds the value k had at the call.
 *
 * The default, with no clause: a variable that the whole team shares where
 * the task is created (declared before the parallel region, and not made
 * private by it) stays shared in the task; any other (declared inside the
 * region, or made private there) is firstprivate. default(none) turns the
 * guessing off: every variable must be named.
 *
 * gcc 12 turns shared(k) into firstprivate(k) for a task that only reads
 * k, a local whose address is never taken (see -fdump-tree-omplower; the
 * standard does not ask for it, the race allows it): version 1 then
 * prints 0 to 7 with gcc, although it is wrong; version 1b takes k's
 * address, and gcc shows the bug too.
 *
 * Run:   ./workbook run 09 captured -t 2 --compiler clang
 */
#define _POSIX_C_SOURCE 200809L
#include <omp.h>
#include <stdio.h>
#include <time.h>

#include "arguments.h"

#define TASKS 8

static void print_seen(const char *how, const long seen[TASKS])
{
    printf("%-34s", how);
    for (int t = 0; t < TASKS; t++)
        printf(" %ld", seen[t]);
    printf("\n");
}

/* 1. k shared with the tasks: the bug. (It is a data race too: the loop
 *    writes k while a task reads it, and a racy program may print anything.) */
static void shared_counter(long seen[TASKS])
{
    long k;
    #pragma omp parallel default(none) shared(k, seen)
    #pragma omp single
    for (k = 0; k < TASKS; k++) {
        long slot = k;
        #pragma omp task default(none) shared(k, seen) firstprivate(slot)
        {
            nap(2000);              /* the task runs a little later */
            seen[slot] = k;
        }
    }
}

/* 1b. The same bug, with the loop moving k through a pointer. */
static void shared_through_pointer(long seen[TASKS])
{
    long k;
    long *cursor = &k;
    #pragma omp parallel default(none) shared(k, cursor, seen)
    #pragma omp single
    for (*cursor = 0; *cursor < TASKS; (*cursor)++) {
        long slot = k;
        #pragma omp task default(none) shared(k, seen) firstprivate(slot)
        {
            nap(2000);
            seen[slot] = k;
        }
    }
}

/* 2. firstprivate(j): each task keeps the j it was created with. */
static void copied_counter(long seen[TASKS])
{
    #pragma omp parallel default(none) shared(seen)
    #pragma omp single
    for (long j = 0; j < TASKS; j++) {
        #pragma omp task default(none) shared(seen) firstprivate(j)
        {
            nap(2000);
            seen[j] = j;
        }
    }
}

/* 3. No clause, j declared inside the region: firstprivate by default. */
static void default_counter(long seen[TASKS])
{
    #pragma omp parallel shared(seen)
    #pragma omp single
    for (long j = 0; j < TASKS; j++) {
        #pragma omp task
        {
            nap(2000);
            seen[j] = j;
        }
    }
}

/* Each task records what it saw, in the slot of the task's own number. */
int main(void)
{
    long seen[TASKS];
    shared_counter(seen);
    print_seen("shared(k): the tasks saw", seen);
    shared_through_pointer(seen);
    print_seen("shared(k), moved by pointer:", seen);
    copied_counter(seen);
    print_seen("firstprivate(j): the tasks saw", seen);
    default_counter(seen);
    print_seen("no clause, j from the region:", seen);
    return 0;
}
