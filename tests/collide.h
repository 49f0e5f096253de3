/*
 * collide.h - making two threads update shared data at the same instant.
 *
 * A data race does harm only when two threads update the same variable at
 * the same instant, and on a busy 2-core machine the threads of a short loop
 * often run one after the other. So the race tests arrange the instant:
 *
 *  - a collision picks two items, a and b, in the shares of two different
 *    threads (under the default static schedule); the test's f, or bin_of,
 *    calls wb_collide_at(x) for every item;
 *  - the two threads are pinned to CPUs of their own, as the system would
 *    otherwise often run both on one core, one after the other;
 *  - the first of the two calls waits, spinning, for the other; it then
 *    sets a release time 2 us ahead, and both spin until it, so that both
 *    return and update the shared result at the same instant (one of them
 *    lag_ns later, as the best offset depends on the machine);
 *  - each call notes when it left: if one of the threads was not running
 *    at the release, the collision did not really happen and is not counted.
 */
#ifndef WB_COLLIDE_H
#define WB_COLLIDE_H

#include <stdatomic.h>

/* The collision of the current round; a test reads a and b for its
 * messages, and sets `on` only while the code under test runs (so that it
 * can compute its own expected answer with the same function). */
struct wb_collision {
    long long a, b;              /* the two items, a < b */
    long long late, lag_ns;      /* `late` (a or b) leaves lag_ns later */
    int on;
    atomic_int arrived;
    atomic_int second_here;
    atomic_llong release;        /* 0: not yet; -1: the first call gave up */
    atomic_llong left[2];        /* when each call left */
};
extern struct wb_collision wb_collision;

/* Call from the test's instrumented function, for every item. */
void wb_collide_at(long long x);

/* Plans a collision between two items of the n from first, in the shares
 * of two threads (default static schedule) that run on different CPUs. */
void wb_collision_plan(long long first, long long n, int threads, int round);

/* Whether both calls of the last round left together. */
int wb_collision_happened(void);

/*
 * Runs one_round(round, threads) with 2 threads until `wanted` collisions
 * really happened (in at most 5 * wanted rounds), then `at_four` rounds with
 * 4 threads and as many with 8. A team size is given up after 50 rounds in a
 * row without a collision (serial code never collides).
 */
int wb_collision_rounds(void (*one_round)(int round, int threads), int wanted,
                        int at_four);

#endif
