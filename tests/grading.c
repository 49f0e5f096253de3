/*
 * grading.c - protections and helpers shared by the graded tests.
 * See grading.h for why each one exists.
 */
#define _GNU_SOURCE
#include "grading.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <omp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

static volatile int wb_in_test;   /* between wb_setup and the end of the body */
static pid_t wb_test_process;     /* the test's own process, not one it forked */
static char wb_test_name[256];    /* "suite/test", for the record file */

/* --- Evidence -------------------------------------------------------------
 * The grader gives every test a token of its own: 32 random hex digits that
 * it alone knows, written into a pipe whose descriptor the runner inherits
 * (WB_TOKEN_FD). The record file (WB_RECORD_FILE, in the run's scratch
 * directory) gets "pass suite/test TOKEN" only from wb_passed(), which runs
 * after the test's last assertion. So a pass needs the token, and the token
 * is never where code under test reaches it by an ordinary call:
 *   - the runner reads the pipe before main() and closes it, hands the
 *     tokens to its test processes in the environment, and makes itself
 *     undumpable, so that no other process of its user reads its memory,
 *     environment or descriptors through /proc;
 *   - a test process copies the tokens out of its environment before main()
 *     and wipes them there; wb_setup() keeps its own test's token and wipes
 *     the others, before the first call into code under test;
 *   - a token written to the record file is spent: the next test has its own.
 * The symbol policy (tools/workbook/policy.py) keeps the code under test
 * from calling anything that reads files, the environment or the harness.
 */

#define WB_TOKENS_MAX 16384
#define WB_TOKEN_BYTES 16
static char wb_tokens[WB_TOKENS_MAX];   /* "suite/test TOKEN\n" lines */
/* This test's token, kept as bytes under a mask that lives elsewhere: no
 * 32 hex digits in memory for a scan to find while code under test runs. */
static unsigned char wb_token_masked[WB_TOKEN_BYTES];
static int wb_has_token;
static unsigned char *wb_token_mask;

static void wb_dumpable_again(void)
{
    /* LeakSanitizer stops the world with ptrace at exit, which an
     * undumpable process refuses. By then no code under test runs here,
     * but a process one of the tests forked may be waiting to read this
     * memory through /proc the moment it becomes readable: the tokens go
     * first (the environment's copy is the only one left). */
    char *tokens = getenv("WB_TOKENS");
    if (tokens)
        explicit_bzero(tokens, strlen(tokens));
    unsetenv("WB_TOKENS");
    prctl(PR_SET_DUMPABLE, 1);
}

__attribute__((constructor)) static void wb_receive_tokens(void)
{
    const char *fd_text = getenv("WB_TOKEN_FD");
    if (fd_text) {
        /* The runner: read the tokens, pass them on, become undumpable. */
        int fd = atoi(fd_text);
        size_t have = 0;
        ssize_t got;
        while (have < WB_TOKENS_MAX - 1 &&
               (got = read(fd, wb_tokens + have, WB_TOKENS_MAX - 1 - have)) > 0)
            have += (size_t)got;
        wb_tokens[have] = '\0';
        close(fd);
        unsetenv("WB_TOKEN_FD");
        prctl(PR_SET_DUMPABLE, 0);
        atexit(wb_dumpable_again);
        /* Newlines cannot travel in one environment variable's text as-is
         * everywhere; they can here (execve copies bytes), so pass as read. */
        setenv("WB_TOKENS", wb_tokens, 1);
        explicit_bzero(wb_tokens, sizeof wb_tokens);
        return;
    }
    char *tokens = getenv("WB_TOKENS");
    if (tokens) {
        /* A test process: keep a private copy, wipe the environment's. */
        size_t length = strlen(tokens);
        if (length >= WB_TOKENS_MAX)
            length = WB_TOKENS_MAX - 1;
        memcpy(wb_tokens, tokens, length);
        wb_tokens[length] = '\0';
        explicit_bzero(tokens, strlen(tokens));
        unsetenv("WB_TOKENS");
    }
}

/* splitmix64: the harness's own generator (for the mask here, and for the
 * tests' random sizes below, each with a state of its own). */
static uint64_t wb_splitmix(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int wb_hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Keep this test's token (masked), forget every other one. */
static void wb_take_token(void)
{
    size_t name_length = strlen(wb_test_name);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    uint64_t mask_state = (uint64_t)now.tv_nsec ^ (uint64_t)now.tv_sec << 32 ^ (uintptr_t)&now;
    wb_has_token = 0;
    wb_token_mask = malloc(WB_TOKEN_BYTES);
    for (char *line = wb_tokens; *line && wb_token_mask;) {
        char *end = strchr(line, '\n');
        size_t length = end ? (size_t)(end - line) : strlen(line);
        const char *hex = line + name_length + 1;
        if (length == name_length + 1 + 2 * WB_TOKEN_BYTES &&
            !strncmp(line, wb_test_name, name_length) && line[name_length] == ' ') {
            wb_has_token = 1;
            for (int i = 0; i < WB_TOKEN_BYTES; i++) {
                int high = wb_hex_digit(hex[2 * i]), low = wb_hex_digit(hex[2 * i + 1]);
                wb_has_token &= high >= 0 && low >= 0;
                wb_token_mask[i] = (unsigned char)wb_splitmix(&mask_state);
                wb_token_masked[i] = (unsigned char)((high << 4 | low) ^ wb_token_mask[i]);
            }
        }
        line += length + (end != NULL);
    }
    explicit_bzero(wb_tokens, sizeof wb_tokens);
}

/* --- The record file ------------------------------------------------------ */

static void wb_write_all(int fd, const char *text)
{
    size_t left = strlen(text);
    while (left > 0) {
        ssize_t n = write(fd, text, left);
        if (n <= 0)
            return;
        text += n;
        left -= (size_t)n;
    }
}

/* Append one line to the record file: never through a link, never into a
 * FIFO (O_NONBLOCK makes opening one without a reader fail). Only
 * async-signal-safe calls: the crash handler uses it too. */
static void wb_record(const char *kind, const char *rest)
{
    const char *path = getenv("WB_RECORD_FILE");
    if (!path || getpid() != wb_test_process)
        return;
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK |
                  O_CLOEXEC, 0600);
    if (fd < 0)
        return;
    wb_write_all(fd, kind);
    wb_write_all(fd, " ");
    wb_write_all(fd, wb_test_name);
    if (rest && *rest) {
        wb_write_all(fd, " ");
        wb_write_all(fd, rest);
    }
    wb_write_all(fd, "\n");
    close(fd);
}

/* How many processes this run has, when it runs in a PID namespace of its
 * own (the sandbox: bwrap is process 1), else -1. The grader expects the
 * sandbox, the runner and this test; more means a process that an earlier
 * test left behind shares the machine with this one. */
static int wb_processes_in_run(void)
{
    char first[16] = {0};
    int fd = open("/proc/1/comm", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, first, sizeof first - 1);
    close(fd);
    if (n <= 0 || strncmp(first, "bwrap", 5) != 0)
        return -1;
    DIR *proc = opendir("/proc");
    if (!proc)
        return -1;
    int count = 0;
    for (struct dirent *e; (e = readdir(proc));)
        count += e->d_name[0] >= '1' && e->d_name[0] <= '9';
    closedir(proc);
    return count;
}

/* --- A crash names its signal. --------------------------------------------
 * Criterion reports only "crashed"; the grader tells a student which signal
 * (a segmentation fault points elsewhere than an abort), so the handler
 * records "signal NAME suite/test" and dies by the same signal. */

static const int wb_fatal_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

static const char *wb_signal_name(int sig)
{
    switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS:  return "SIGBUS";
    case SIGFPE:  return "SIGFPE";
    case SIGILL:  return "SIGILL";
    default:      return "SIGABRT";
    }
}

static int wb_crashing;   /* set by the first thread to reach the handler */

static void wb_on_fatal_signal(int sig)
{
    /* Threads of a team often fault together: one writes the record, the
     * others wait here for the process to end. */
    if (__atomic_exchange_n(&wb_crashing, 1, __ATOMIC_SEQ_CST))
        for (;;)
            pause();
    wb_record("signal", wb_signal_name(sig));
    signal(sig, SIG_DFL);
    raise(sig);
}

static void wb_name_crashes(void)
{
    /* A stack overflow leaves no stack for the handler: give it its own. */
    static char alternate[64 * 1024];
    stack_t stack = {.ss_sp = alternate, .ss_size = sizeof alternate};
    sigaltstack(&stack, NULL);
    struct sigaction action = {.sa_handler = wb_on_fatal_signal,
                               .sa_flags = SA_ONSTACK};
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < sizeof wb_fatal_signals / sizeof wb_fatal_signals[0]; i++)
        sigaction(wb_fatal_signals[i], &action, NULL);
}

/* --- Random numbers: the tests' sizes, from the harness's own generator. -- */

static uint64_t wb_random_state;

static uint64_t wb_next_random(void)
{
    return wb_splitmix(&wb_random_state);
}

long wb_random_between(long low, long high)
{
    unsigned long span = (unsigned long)(high - low) + 1;
    return low + (long)(wb_next_random() % span);
}

/* --- Setup and the end of a test ------------------------------------------ */

static void wb_silence(int fd)
{
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null >= 0) {
        dup2(null, fd);
        close(null);
    }
}

void wb_setup(void)
{
    omp_set_dynamic(0);
    if (!getenv("WB_SHOW_OUTPUT")) {
        fflush(stdout);
        fflush(stderr);
        wb_silence(STDOUT_FILENO);
        wb_silence(STDERR_FILENO);
    }
    const char *seed = getenv("WB_SEED");
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    wb_random_state = seed ? strtoull(seed, NULL, 10)
                           : (uint64_t)now.tv_nsec ^ (uint64_t)now.tv_sec << 20 ^
                             (uint64_t)getpid() << 40;
    wb_test_process = getpid();
    snprintf(wb_test_name, sizeof wb_test_name, "%s/%s",
             criterion_current_test->category, criterion_current_test->name);
    wb_take_token();
    char processes[64];
    /* The pid names the sanitizer's log of this process: the memory check
       needs that log, and its exit statistics, for every test it judges. */
    snprintf(processes, sizeof processes, "processes=%d pid=%d", wb_processes_in_run(),
             (int)getpid());
    wb_record("start", processes);
    wb_name_crashes();
    wb_in_test = 1;
}

void wb_passed(void)
{
    wb_in_test = 0;
    if (wb_has_token && wb_token_mask) {
        char token[2 * WB_TOKEN_BYTES + 1];
        for (int i = 0; i < WB_TOKEN_BYTES; i++) {
            unsigned byte = wb_token_masked[i] ^ wb_token_mask[i];
            token[2 * i] = "0123456789abcdef"[byte >> 4];
            token[2 * i + 1] = "0123456789abcdef"[byte & 15];
        }
        token[2 * WB_TOKEN_BYTES] = '\0';
        wb_record("pass", token);
        explicit_bzero(token, sizeof token);
    }
    wb_has_token = 0;
    explicit_bzero(wb_token_masked, sizeof wb_token_masked);
    free(wb_token_mask);
    wb_token_mask = NULL;
}

/* --- Ending the process early must not look like a pass. ---------------- */

typedef void (*wb_exit_fn)(int);

/* Only the test's own process is guarded: a child it forked (a process
 * pool's worker, say) ends normally. */
static void wb_refuse_exit(const char *how, int status)
{
    if (wb_in_test && getpid() == wb_test_process) {
        wb_in_test = 0;
        cr_assert_fail("the code under test called %s(%d), which ends the whole "
                       "program; a function of the exercise must return instead",
                       how, status);
    }
}

#define WB_REAL(name) ((wb_exit_fn)dlsym(RTLD_NEXT, name))

void exit(int status)
{
    wb_refuse_exit("exit", status);
    WB_REAL("exit")(status);
    __builtin_unreachable();
}

void _exit(int status)
{
    wb_refuse_exit("_exit", status);
    WB_REAL("_exit")(status);
    __builtin_unreachable();
}

void _Exit(int status)
{
    wb_refuse_exit("_Exit", status);
    WB_REAL("_Exit")(status);
    __builtin_unreachable();
}

void quick_exit(int status)
{
    wb_refuse_exit("quick_exit", status);
    WB_REAL("quick_exit")(status);
    __builtin_unreachable();
}

/* --- Thread counts. ------------------------------------------------------ */

size_t wb_thread_counts(const int **counts)
{
    static int parsed[16];
    static const int fallback[] = {1, 2, 3, 4, 8};
    static size_t n;
    const char *list = getenv("WB_THREADS");

    if (n == 0 && list) {
        char *end;
        for (const char *p = list; *p && n < 16; p = end) {
            long value = strtol(p, &end, 10);
            if (end == p || value < 1 || value > 64)
                break;
            parsed[n++] = (int)value;
            while (*end == ',' || *end == ' ')
                end++;
        }
    }
    if (n == 0) {
        *counts = fallback;
        return sizeof fallback / sizeof fallback[0];
    }
    *counts = parsed;
    return n;
}

/* 1*1 + 2*2 + ... + n*n, in 128 bits so that the product cannot overflow
 * before the division. */
static long long wb_squares_up_to(long long n)
{
    return (long long)((__int128)n * (n + 1) * (2 * n + 1) / 6);
}

long long wb_sum_of_squares(long long first, long long last)
{
    if (last < first)
        return 0;
    return wb_squares_up_to(last) - (first > 0 ? wb_squares_up_to(first - 1) : 0);
}

int wb_cpus(void)
{
    cpu_set_t set;
    int cpus = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
    const char *said = getenv("WB_CPUS");
    if (said && atoi(said) >= 1 && atoi(said) < cpus)
        cpus = atoi(said);
    return cpus;
}

void wb_need_cpus(int cpus)
{
    int have = wb_cpus();
    if (have >= cpus)
        return;
    char needed[32];
    snprintf(needed, sizeof needed, "%d", cpus);
    wb_record("needs", needed);
    cr_assert_fail("this test needs %d CPUs at once and this run has %d: it cannot tell a "
                   "race from bad luck here", cpus, have);
}

pid_t wb_kernel_thread(void)
{
    return gettid();
}

/* --- Recording calls from the code under test. --------------------------- */

struct wb_calls *wb_calls_new(long size)
{
    struct wb_calls *calls = calloc(1, sizeof *calls);
    cr_assert(calls, "out of memory");
    calls->size = size;
    calls->count = calloc((size_t)size + 1, sizeof *calls->count);
    calls->thread = calloc((size_t)size + 1, sizeof *calls->thread);
    calls->team = calloc((size_t)size + 1, sizeof *calls->team);
    calls->tid = calloc((size_t)size + 1, sizeof *calls->tid);
    cr_assert(calls->count && calls->thread && calls->team && calls->tid, "out of memory");
    for (long i = 0; i < size; i++)
        calls->thread[i] = -1;
    return calls;
}

void wb_calls_free(struct wb_calls *calls)
{
    if (!calls)
        return;
    free(calls->count);
    free(calls->thread);
    free(calls->team);
    free(calls->tid);
    free(calls);
}

void wb_calls_record(struct wb_calls *calls, long item)
{
    if (item < 0 || item >= calls->size) {
        /* Out of range: count it in the spare slot, reported by the checks. */
        #pragma omp atomic
        calls->count[calls->size]++;
        return;
    }
    #pragma omp atomic
    calls->count[item]++;
    #pragma omp atomic write
    calls->thread[item] = omp_get_thread_num();
    #pragma omp atomic write
    calls->team[item] = omp_get_num_threads();
    #pragma omp atomic write
    calls->tid[item] = gettid();
}

long wb_calls_first_not_once(const struct wb_calls *calls)
{
    for (long i = 0; i < calls->size; i++)
        if (calls->count[i] != 1)
            return i;
    return calls->count[calls->size] ? calls->size : -1;
}

int wb_calls_threads_used(const struct wb_calls *calls)
{
    char seen[256] = {0};
    int used = 0;
    for (long i = 0; i < calls->size; i++) {
        int t = calls->thread[i];
        if (t >= 0 && t < 256 && !seen[t]) {
            seen[t] = 1;
            used++;
        }
    }
    return used;
}

int wb_calls_kernel_threads(const struct wb_calls *calls)
{
    pid_t seen[256];
    int used = 0;
    for (long i = 0; i < calls->size; i++) {
        pid_t t = calls->tid[i];
        if (!calls->count[i] || t <= 0)
            continue;
        int known = 0;
        for (int k = 0; k < used && !known; k++)
            known = seen[k] == t;
        if (!known && used < 256)
            seen[used++] = t;
    }
    return used;
}

int wb_calls_min_team(const struct wb_calls *calls)
{
    int low = 0;
    for (long i = 0; i < calls->size; i++)
        if (calls->count[i] && (low == 0 || calls->team[i] < low))
            low = calls->team[i];
    return low;
}

int wb_calls_max_team(const struct wb_calls *calls)
{
    int high = 0;
    for (long i = 0; i < calls->size; i++)
        if (calls->count[i] && calls->team[i] > high)
            high = calls->team[i];
    return high;
}
