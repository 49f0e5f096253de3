/*
 * collide.c - making two threads update shared data at the same instant.
 * See collide.h for how and why.
 */
#define _GNU_SOURCE
#include "collide.h"
#include "grading.h"

#include <omp.h>
#include <sched.h>
#include <time.h>

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The CPUs this process may run on, read before any pinning. */
static int cpu_list[256];
static int cpu_count;

static void read_cpus(void)
{
    cpu_set_t set;
    if (cpu_count || sched_getaffinity(0, sizeof set, &set) != 0)
        return;
    for (int c = 0; c < CPU_SETSIZE && cpu_count < 256; c++)
        if (CPU_ISSET(c, &set))
            cpu_list[cpu_count++] = c;
}

static int cpu_of_thread(int thread)
{
    return cpu_count ? cpu_list[thread % cpu_count] : 0;
}

static void pin_this_thread(void)
{
    static _Thread_local int pinned = -1;
    int cpu = cpu_of_thread(omp_get_thread_num());
    if (cpu_count < 2 || cpu == pinned)
        return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) == 0)
        pinned = cpu;
}

struct wb_collision wb_collision;

void wb_collide_at(long long x)
{
    if (!wb_collision.on || (x != wb_collision.a && x != wb_collision.b))
        return;
    pin_this_thread();
    int order = atomic_fetch_add(&wb_collision.arrived, 1);
    if (order > 1)
        return;
    long long give_up = now_ns() + 2000000, release;
    if (order == 0) {
        /* If the other item is on this same thread, or its thread does not
         * get to run, go on alone after 2 ms. */
        while (!atomic_load(&wb_collision.second_here))
            if (now_ns() > give_up) {
                atomic_store(&wb_collision.release, -1);
                return;
            }
        release = now_ns() + 2000;
        atomic_store(&wb_collision.release, release);
    } else {
        atomic_store(&wb_collision.second_here, 1);
        while (!(release = atomic_load(&wb_collision.release)))
            if (now_ns() > give_up)
                return;
        if (release < 0)
            return;
    }
    if (x == wb_collision.late)
        release += wb_collision.lag_ns;
    long long left;
    while ((left = now_ns()) < release)
        continue;
    atomic_store(&wb_collision.left[order], left);
}

/* Both calls left together: both threads were running at the release. */
int wb_collision_happened(void)
{
    long long left0 = atomic_load(&wb_collision.left[0]);
    long long left1 = atomic_load(&wb_collision.left[1]);
    long long gap = left0 > left1 ? left0 - left1 : left1 - left0;
    return left0 > 0 && left1 > 0 && gap < 500 + wb_collision.lag_ns;
}

/* Item number `offset` (modulo its length) of thread `block`'s share of n
 * items from first, under the default static schedule, which both runtimes
 * split the same way. */
static long long item_in_block(long long first, long long n, int threads, int block,
                               long long offset)
{
    long long size = n / threads, extra = n % threads;
    long long start = block * size + (block < extra ? block : extra);
    long long length = size + (block < extra);
    return first + start + offset % length;
}

/* Plans a collision between two items of n from first, in the shares of two
 * threads that run on different CPUs. */
void wb_collision_plan(long long first, long long n, int threads, int round)
{
    int block_a = (int)wb_random_between(0, threads - 1), block_b;
    do
        block_b = (int)wb_random_between(0, threads - 1);
    while (block_b == block_a ||
           (cpu_count >= 2 && cpu_of_thread(block_b) == cpu_of_thread(block_a)));
    long long a = item_in_block(first, n, threads, block_a, wb_random_between(0, n));
    long long b = item_in_block(first, n, threads, block_b, wb_random_between(0, n));
    wb_collision.a = a < b ? a : b;
    wb_collision.b = a < b ? b : a;
    wb_collision.late = round % 8 < 4 ? wb_collision.b : wb_collision.a;
    wb_collision.lag_ns = round % 4 * 20;   /* 0, 20, 40 or 60 ns */
    wb_collision.on = 0;
    atomic_store(&wb_collision.arrived, 0);
    atomic_store(&wb_collision.second_here, 0);
    atomic_store(&wb_collision.release, 0);
    atomic_store(&wb_collision.left[0], 0);
    atomic_store(&wb_collision.left[1], 0);
}

/*
 * See collide.h. Runs one_round(round, threads) with 2 threads until `wanted` collisions
 * really happened (in at most 5 * wanted rounds), then `at_four` rounds with
 * 4 threads and as many with 8. The team sizes come in runs because changing
 * the team size between two parallel regions is slow with libgomp. A team
 * size is given up after 50 rounds in a row without a collision: the code
 * under test does not run two threads at once, and more rounds would only
 * take time.
 */
int wb_collision_rounds(void (*one_round)(int round, int threads), int wanted,
                        int at_four)
{
    /* Two threads meet at an instant only on two CPUs: one CPU would let a
     * racy program pass every round. */
    wb_need_cpus(2);
    read_cpus();
    int round = 0, happened = 0, missed = 0;
    for (int i = 0; happened < wanted && i < 5 * wanted && missed < 50; i++) {
        one_round(round++, 2);
        if (wb_collision_happened())
            happened++, missed = 0;
        else
            missed++;
    }
    for (int threads = 4; threads <= 8; threads *= 2) {
        missed = 0;
        for (int i = 0; i < at_four && missed < 50; i++) {
            one_round(round++, threads);
            missed = wb_collision_happened() ? 0 : missed + 1;
        }
    }
    return happened;
}
