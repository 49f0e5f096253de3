/*
 * machine.c - what the program runs on: CPUs, cores, places, binding.
 *
 * Before timing anything, know the machine. The numbers that matter:
 *
 *   logical CPUs   what the operating system schedules on; with SMT
 *                  ("hyper-threading") two of them share one core
 *   cores          what really computes; two threads on one core's two
 *                  logical CPUs share its arithmetic units and caches
 *   this process   the CPUs its affinity mask allows (a cpuset: taskset,
 *                  a container, a Slurm job's cores). omp_get_num_procs()
 *                  counts these, and the default team has that many
 *   CPU quota      a cgroup may also cap the CPU TIME a process gets (say
 *                  one CPU's worth in every 100 ms) while letting it run on
 *                  every CPU: omp_get_num_procs() does not see a quota, so
 *                  a team as large as the mask shares less time than it
 *                  thinks
 *
 * Then where the team's threads run: OMP_PLACES says what a "place" is
 * (threads, cores, sockets, or a list of CPUs) and OMP_PROC_BIND how the
 * threads are put on the places (close: neighbours first; spread: as far
 * apart as possible; false: anywhere, wherever the OS moves them).
 *
 * Run it:    ./workbook run 08 machine -t 2
 *            OMP_PLACES=cores OMP_PROC_BIND=close ./workbook run 08 machine -t 2
 *            taskset -c 0 ./workbook run 08 machine
 *            OMP_DISPLAY_ENV=true ./workbook run 08 machine
 *            OMP_DISPLAY_AFFINITY=true OMP_PROC_BIND=spread ./workbook run 08 machine -t 2
 */
#define _GNU_SOURCE               /* for sched_getcpu() and sched_getaffinity() */
#include <omp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_TEAM 64
#define MAX_CORES 4096

/* Distinct (physical id, core id) pairs in /proc/cpuinfo: the cores. */
static int count_cores(void)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return 0;
    static long seen[MAX_CORES];
    int cores = 0;
    long package = 0;
    char line[256];
    while (fgets(line, sizeof line, f)) {
        long value;
        if (sscanf(line, "physical id : %ld", &value) == 1)
            package = value;
        else if (sscanf(line, "core id : %ld", &value) == 1) {
            long key = package * 100000 + value;
            int known = 0;
            for (int i = 0; i < cores; i++)
                known |= seen[i] == key;
            if (!known && cores < MAX_CORES)
                seen[cores++] = key;
        }
    }
    fclose(f);
    return cores;
}

/* Reads one or two numbers from a file; how many it read. */
static int read_numbers(const char *path, const char *format, void *a, void *b)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    int got = fscanf(f, format, a, b);
    fclose(f);
    return got < 0 ? 0 : got;
}

/* Does the comma-separated list `controllers` name `which`? */
static int names(const char *controllers, const char *which)
{
    size_t len = strlen(which);
    for (const char *p = controllers; *p; p += strcspn(p, ",") + (p[strcspn(p, ",")] == ',')) {
        if (strncmp(p, which, len) == 0 && (p[len] == ',' || p[len] == '\0'))
            return 1;
    }
    return 0;
}

/*
 * The CPU quota of this process's cgroup, in CPUs' worth of time: -1 when
 * there is none, 0 when it cannot be seen (no /sys/fs/cgroup here, as in
 * the workbook's sandbox).
 */
static double cpu_quota(void)
{
    FILE *f = fopen("/proc/self/cgroup", "r");
    if (!f)
        return 0;
    char line[1024], path[1200];
    double quota = 0;
    while (quota == 0 && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *controllers = strchr(line, ':');
        char *where = controllers ? strchr(controllers + 1, ':') : NULL;
        if (!where)
            continue;
        *where++ = '\0';
        controllers++;
        if (*controllers == '\0') {               /* cgroup v2: "max 100000" or "50000 100000" */
            char max[32];
            long period = 0;
            snprintf(path, sizeof path, "/sys/fs/cgroup%s/cpu.max", where);
            if (read_numbers(path, "%31s %ld", max, &period) == 2)
                quota = strcmp(max, "max") == 0 || period <= 0
                            ? -1 : (double)strtol(max, NULL, 10) / (double)period;
        } else if (names(controllers, "cpu")) {   /* cgroup v1: quota -1 means none */
            long us = 0, period = 0;
            snprintf(path, sizeof path, "/sys/fs/cgroup/cpu%s/cpu.cfs_quota_us", where);
            if (read_numbers(path, "%ld", &us, NULL) == 1) {
                snprintf(path, sizeof path, "/sys/fs/cgroup/cpu%s/cpu.cfs_period_us", where);
                if (us < 0)
                    quota = -1;
                else if (read_numbers(path, "%ld", &period, NULL) == 1 && period > 0)
                    quota = (double)us / (double)period;
            }
        }
    }
    fclose(f);
    return quota;
}

static const char *bind_name(omp_proc_bind_t bind)
{
    switch (bind) {
    case omp_proc_bind_false:
        return "false (threads are not bound: the OS may move them)";
    case omp_proc_bind_true:
        return "true";
    case omp_proc_bind_master:
        return "master";
    case omp_proc_bind_close:
        return "close";
    case omp_proc_bind_spread:
        return "spread";
    }
    return "?";
}

int main(void)
{
    cpu_set_t mask;
    int allowed = sched_getaffinity(0, sizeof mask, &mask) == 0 ? CPU_COUNT(&mask) : 0;
    int cores = count_cores();
    double quota = cpu_quota();

    printf("logical CPUs online        %ld\n", sysconf(_SC_NPROCESSORS_ONLN));
    if (cores)
        printf("cores                      %d\n", cores);
    else
        printf("cores                      (no /proc/cpuinfo here)\n");
    printf("main thread's affinity     %d CPU%s\n", allowed, allowed == 1 ? "" : "s");
    printf("omp_get_num_procs()        %d\n", omp_get_num_procs());
    if (quota > 0)
        printf("CPU quota                  %.2f CPUs' worth of time\n", quota);
    else if (quota < 0)
        printf("CPU quota                  none\n");
    else
        printf("CPU quota                  cannot be seen here (no /sys/fs/cgroup)\n");
    printf("omp_get_max_threads()      %d\n", omp_get_max_threads());
    printf("omp_get_proc_bind()        %s\n", bind_name(omp_get_proc_bind()));
    printf("omp_get_num_places()       %d\n", omp_get_num_places());

    int cpu[MAX_TEAM], place[MAX_TEAM], team = 0;
    /* OMP_DISPLAY_AFFINITY prints when the region starts (to stderr with
     * gcc's runtime, to stdout with clang's): print what came before it
     * first, in a terminal and in a pipe alike. */
    fflush(stdout);
    #pragma omp parallel
    {
        int me = omp_get_thread_num();
        if (me < MAX_TEAM) {
            cpu[me] = sched_getcpu();
            place[me] = omp_get_place_num();
        }
        #pragma omp single
        team = omp_get_num_threads();
    }
    for (int t = 0; t < team && t < MAX_TEAM; t++) {
        if (place[t] >= 0)
            printf("thread %d ran on CPU %d, place %d\n", t, cpu[t], place[t]);
        else
            printf("thread %d ran on CPU %d, not bound to a place\n", t, cpu[t]);
    }
    return 0;
}
