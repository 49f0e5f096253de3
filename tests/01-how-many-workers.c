/*
 * Graded tests for exercise 01: how many workers?
 * Points for each test are in workbook.toml.
 *
 * Every test runs in a fresh process. The tests named *_follows_affinity
 * first restrict their own process to a single CPU, before the code under
 * test makes any OpenMP call: the runtime then counts one core, so an answer
 * written into the code, or one that counts every CPU of the machine,
 * shows up.
 */
#define _GNU_SOURCE
#include "grading.h"
#include "workers.h"

#include <omp.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

TestSuite(how_many_workers, .init = wb_setup, .timeout = WB_TIMEOUT);

/* Let this process run on one CPU only: the first one it may use now (in a
 * container that need not be CPU 0). */
static void pin_to_one_cpu(void)
{
    cpu_set_t allowed, one;
    cr_assert_eq(sched_getaffinity(0, sizeof allowed, &allowed), 0,
                 "the test could not read its CPU affinity (sched_getaffinity)");
    int cpu = 0;
    while (cpu < CPU_SETSIZE && !CPU_ISSET(cpu, &allowed))
        cpu++;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    cr_assert_eq(sched_setaffinity(0, sizeof one, &one), 0,
                 "the test could not restrict itself to one CPU (sched_setaffinity)");
}

/* The sentence describe_cores must write for a given core count. */
static void expected_sentence(char *buf, size_t size, int cores)
{
    snprintf(buf, size, "Number of cores available equals %d", cores);
}

WB_TEST(how_many_workers, cores_available_counts_cores)
{
    int want = omp_get_num_procs();
    int got = cores_available();
    cr_assert_eq(got, want,
                 "cores_available() returned %d, but the OpenMP runtime says this "
                 "program may use %d cores (omp_get_num_procs()). Idea: "
                 "omp_get_num_procs() is C's cpu_count().", got, want);

    const int *counts;
    size_t k = wb_thread_counts(&counts);
    for (size_t i = 0; i < k; i++) {
        omp_set_num_threads(counts[i]);
        got = cores_available();
        cr_assert_eq(got, want,
                     "after omp_set_num_threads(%d), cores_available() returned %d, "
                     "expected %d. Idea: the number of cores is fixed by the machine; "
                     "the number of threads is only what the program asks for "
                     "(omp_get_max_threads()).", counts[i], got, want);
    }
}

WB_TEST(how_many_workers, cores_available_follows_affinity)
{
    pin_to_one_cpu();
    int got = cores_available();
    cr_assert_eq(got, 1,
                 "with this process allowed to run on one CPU only (as `taskset -c 0` "
                 "would do), cores_available() returned %d, expected 1. Idea: %s", got,
                 got == omp_get_max_threads()
                 ? "that is omp_get_max_threads(), the team a region would ask for, "
                   "not the cores; omp_get_num_procs() counts the cores this program "
                   "may use."
                 : "omp_get_num_procs() counts the cores this program may use; a number "
                   "written into the code, or a count of every CPU of the machine "
                   "(sysconf, get_nprocs), does not follow.");
}

/* What a student is told when the team came out as the caller's own
 * team size (1 outside any region): the usual reason. */
static const char *CALLERS_TEAM =
    "Idea: that is the caller's team: omp_get_num_threads() outside a parallel "
    "region answers for the team of the thread that calls it (1 outside any "
    "region); read it inside the region that default_team_size() starts.";

/* What a student is told when the team came out as 1: the usual reason. */
static const char *OUTSIDE_IS_ONE =
    "Idea: 1 is what omp_get_num_threads() says outside a parallel region, where "
    "only the calling thread runs; read it inside the region (one thread, under "
    "`#pragma omp single`, storing it in a variable declared before the region).";

WB_TEST(how_many_workers, team_size_is_requested)
{
    int want = omp_get_max_threads();
    int got = default_team_size();
    cr_assert_eq(got, want,
                 "default_team_size() with no thread count set returned %d, expected "
                 "%d, the team a plain `#pragma omp parallel` starts on this machine. "
                 "%s", got, want, got == 1 ? OUTSIDE_IS_ONE
                 : "Idea: a plain `#pragma omp parallel` starts one thread per core "
                   "unless told otherwise, as Pool() starts one worker per core.");

    const int *counts;
    size_t k = wb_thread_counts(&counts);
    int extra = (int)wb_random_between(5, 7);
    for (size_t i = 0; i <= k; i++) {
        int threads = i < k ? counts[i] : extra;
        omp_set_num_threads(threads);
        got = default_team_size();
        cr_assert_eq(got, threads,
                     "after omp_set_num_threads(%d), default_team_size() returned %d, "
                     "expected %d. %s", threads, got, threads,
                     got == 1 ? OUTSIDE_IS_ONE
                     : got == omp_get_num_procs()
                     ? "Idea: that is the number of cores; the team has as many threads "
                       "as omp_set_num_threads asked for: count them inside the region."
                     : "Idea: count the team inside a `#pragma omp parallel` region "
                       "with omp_get_num_threads().");
    }
}

WB_TEST(how_many_workers, team_size_is_measured_inside)
{
    /* One level of parallel regions (the default is the implementation's
     * choice in OpenMP 5, so it is set here): a region started inside a
     * running team gets a team of one thread. */
    omp_set_max_active_levels(1);
    omp_set_num_threads(4);
    int asked = -1, got = -1;
    #pragma omp parallel num_threads(2)
    {
        #pragma omp single
        {
            asked = omp_get_max_threads();
            got = default_team_size();
        }
    }
    cr_assert_eq(got, 1,
                 "called by a thread of a running team of 2 threads, default_team_size() "
                 "returned %d, expected 1: a `#pragma omp parallel` started there really "
                 "gets a team of 1 thread, although omp_get_max_threads() says %d. %s",
                 got, asked, got == 2 ? CALLERS_TEAM
                 : got == asked
                 ? "Idea: that is omp_get_max_threads(), what a region asks for; "
                   "omp_get_num_threads(), read inside the new region, is what it got."
                 : "Idea: read omp_get_num_threads() inside the region that "
                   "default_team_size() starts: that is the team it really got.");

    /* With two active levels allowed, the region started there really
     * gets a team: the size that thread asks for. */
    omp_set_max_active_levels(2);
    #pragma omp parallel num_threads(2)
    {
        #pragma omp single
        {
            omp_set_num_threads(3);
            asked = omp_get_max_threads();
            got = default_team_size();
        }
    }
    cr_assert_eq(got, 3,
                 "with nested parallelism on (omp_set_max_active_levels(2)), called by "
                 "a thread of a running team that asked for 3 threads, "
                 "default_team_size() returned %d, expected 3 (omp_get_max_threads() "
                 "there says %d). %s", got, asked, got == 2 ? CALLERS_TEAM
                 : "Idea: measure inside the new region; do not assume that a region "
                   "inside a region always gets 1 thread.");
}

/* Fill a buffer with a canary, let describe_cores write into its first
 * `size` characters, and check both the text and the untouched rest. */
#define AREA 256
static const char CANARY = '#';

static void check_describe(size_t size, int cores, const char *situation)
{
    char block[16 + AREA];          /* a canary before buf, too */
    char *area = block + 16;
    char full[AREA];
    memset(block, CANARY, sizeof block);
    expected_sentence(full, sizeof full, cores);
    describe_cores(area, size);
    for (int i = 0; i < 16; i++)
        cr_assert_eq(block[i], CANARY,
                     "%s, describe_cores(buf, %zu) wrote buf[%d], BEFORE the buffer. "
                     "Idea: with size 0, size - 1 is not -1 but SIZE_MAX; write nothing "
                     "at all.", situation, size, i - 16);

    size_t past = size;   /* the first character after buf[size - 1] that changed */
    while (past < AREA && area[past] == CANARY)
        past++;
    cr_assert_eq(past, AREA,
                 "%s, describe_cores(buf, %zu) wrote buf[%zu], past the %zu "
                 "characters it was given. Idea: like snprintf, never write more "
                 "than size characters, '\\0' included.", situation, size, past, size);
    if (size == 0)
        return;
    const char *end = memchr(area, '\0', size);
    cr_assert(end != NULL,
              "%s, describe_cores(buf, %zu) did not end the text with '\\0' within the "
              "%zu characters it was given. Idea: %s", situation, size, size,
              area[0] == CANARY
              ? "it wrote nothing into buf at all; snprintf(buf, size, ...) writes the "
                "sentence and its '\\0'."
              : size > strlen(full)
              ? "a C string ends with '\\0'; snprintf writes it for you."
              : "when the sentence does not fit, cut it short and still end it with "
                "'\\0', as snprintf does.");
    size_t want_len = strlen(full) < size ? strlen(full) : size - 1;
    /* A sentence with another number in it: which number, says why. */
    int number = -1;
    char threads_idea[200] = "";
    if (sscanf(area, "Number of cores available equals %d", &number) == 1 &&
        number != cores && number == omp_get_max_threads())
        snprintf(threads_idea, sizeof threads_idea, " Idea: %d is omp_get_max_threads(), "
                 "the team a region would ask for; the cores are omp_get_num_procs().",
                 number);
    cr_assert(end - area == (long)want_len && memcmp(area, full, want_len) == 0,
              "%s, describe_cores(buf, %zu) wrote \"%s\"%s, expected \"%.*s\"%s.%s",
              situation, size, area,
              strchr(area, '\n') ? " (with a newline in it)" : "",
              (int)want_len, full,
              want_len < strlen(full) ? " (the sentence cut to fit, as snprintf "
              "does)" : " (exactly this text, no newline)", threads_idea);
}

WB_TEST(how_many_workers, describe_cores_text)
{
    int cores = omp_get_num_procs();
    char full[AREA];
    expected_sentence(full, sizeof full, cores);
    check_describe(AREA, cores, "with plenty of room");
    check_describe(strlen(full) + 1, cores, "with room for exactly the sentence");
    omp_set_num_threads(3);
    check_describe(AREA, cores, "after omp_set_num_threads(3)");
}

WB_TEST(how_many_workers, describe_cores_follows_affinity)
{
    pin_to_one_cpu();
    check_describe(AREA, 1, "with this process allowed to run on one CPU only");
}

WB_TEST(how_many_workers, describe_cores_never_overflows)
{
    int cores = omp_get_num_procs();
    char full[AREA];
    expected_sentence(full, sizeof full, cores);
    size_t len = strlen(full);
    check_describe(len, cores, "one character short of room");
    check_describe((size_t)wb_random_between(2, (long)len - 1), cores,
                   "with room for part of the sentence");
    check_describe(1, cores, "with room for the '\\0' only");
    check_describe(0, cores, "with no room at all");
}
