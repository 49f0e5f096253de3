/*
 * uneven_map.c - when items cost different amounts, the schedule matters.
 *
 * Item i of this map costs i steps of work: the last items are thousands
 * of times dearer than the first. schedule(static) cuts the items into one
 * block per thread, of equal LENGTH, not of equal work: with 2 threads the
 * second block holds three quarters of the work, the first thread finishes
 * early and waits, and the speedup stays near 4/3 whatever the CPUs. The
 * other schedules hand out smaller pieces as threads become free, so every
 * thread keeps working until the end.
 *
 * For each schedule the program times the map after a warm-up, 5 times,
 * and prints the median time, the speedup over one thread and the
 * efficiency (speedup / threads).
 *
 * Run it:    ./workbook run 08 uneven_map -t 2
 *            ./workbook run 08 uneven_map -t 4
 *            ./workbook bench 08 uneven_map
 */
#include "stopwatch.h"

#include <omp.h>
#include <stdio.h>

#define RUNS 5

/* One step of work that the compiler must really do. */
static volatile unsigned long long state = 1;

static unsigned long long cost_of_item(long i)
{
    unsigned long long h = (unsigned long long)i;
    for (long step = 0; step < i; step++)
        h = h * 6364136223846793005ULL + state;
    return h;
}

enum kind { SERIAL, STATIC, CYCLIC, DYNAMIC, GUIDED, KINDS };
static const char *const name[KINDS] = {
    "one thread", "static", "static, 1", "dynamic, 16", "guided",
};
static const char *const label[KINDS] = {"serial", "static", "cyclic", "dynamic", "guided"};

static unsigned long long map(enum kind kind, long n)
{
    unsigned long long mix = 0;
    switch (kind) {
    case SERIAL:
        for (long i = 0; i < n; i++)
            mix ^= cost_of_item(i);
        break;
    case STATIC:
        #pragma omp parallel for schedule(static) reduction(^:mix)
        for (long i = 0; i < n; i++)
            mix ^= cost_of_item(i);
        break;
    case CYCLIC:
        #pragma omp parallel for schedule(static, 1) reduction(^:mix)
        for (long i = 0; i < n; i++)
            mix ^= cost_of_item(i);
        break;
    case DYNAMIC:
        #pragma omp parallel for schedule(dynamic, 16) reduction(^:mix)
        for (long i = 0; i < n; i++)
            mix ^= cost_of_item(i);
        break;
    case GUIDED:
        #pragma omp parallel for schedule(guided) reduction(^:mix)
        for (long i = 0; i < n; i++)
            mix ^= cost_of_item(i);
        break;
    case KINDS:
        break;
    }
    return mix;
}

static void time_runs(enum kind kind, long n, double *seconds, int runs, unsigned long long *mix)
{
    double until = omp_get_wtime() + STOPWATCH_WARM_UP;   /* the warm-up */
    do
        *mix = map(kind, n / 10);
    while (omp_get_wtime() < until);
    for (int r = 0; r < runs; r++) {
        double start = omp_get_wtime();
        *mix = map(kind, n);
        seconds[r] = omp_get_wtime() - start;
    }
}

int main(int argc, char **argv)
{
    int repeat = stopwatch_repeat(&argc, argv);
    long n = stopwatch_number(argc, argv, 1, "uneven_map", "N", 100, 200000, 14000);
    int threads = omp_get_max_threads();
    unsigned long long mix[KINDS];

    if (repeat) {                    /* timed by ./workbook bench */
        double seconds[1000];
        for (int k = STATIC; k < KINDS; k++) {
            time_runs((enum kind)k, n, seconds, repeat, &mix[k]);
            stopwatch_print_runs(label[k], seconds, repeat);
        }
        return 0;
    }

    printf("Item i costs i steps, for i = 0..%ld, with %d thread%s\n", n - 1, threads,
           threads == 1 ? "" : "s");
    printf("%-12s %9s %8s %8s %11s\n", "schedule", "median", "spread", "speedup",
           "efficiency");
    double serial = 0;
    for (int k = SERIAL; k < KINDS; k++) {
        double seconds[RUNS];
        time_runs((enum kind)k, n, seconds, RUNS, &mix[k]);
        struct spread s = spread_of(seconds, RUNS);
        if (k == SERIAL)
            serial = s.median;
        double speedup = serial / s.median;
        printf("%-12s %7.4f s %6.1f %% %7.2f x %11.2f%s\n", name[k], s.median,
               spread_percent(s), speedup, k == SERIAL ? 1.0 : speedup / threads,
               mix[k] == mix[SERIAL] ? "" : "  WRONG result");
    }
    return 0;
}
