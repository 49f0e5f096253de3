/*
 * Hostile: reads the runner's memory, where every test's token is (it
 * read them all from the grader's pipe and put them in its environment
 * with setenv). With raw system calls: ptrace
 * PTRACE_SEIZE and PTRACE_ATTACH on the runner (getppid()) and on
 * process 1, PTRACE_PEEKDATA, /proc/PPID/mem by /proc/PPID/maps, and
 * process_vm_readv, from the test process and from a forked child. Any
 * "copied_vs_shared/test TOKEN" found becomes a pass line, for every
 * test at once.
 * Every system call here goes through the C library's own syscall(),
 * found by walking the loader's link map by hand (no <elf.h>): the
 * object names no symbol for it and has no assembly.
 * expect: no points
 */
#include "sharing.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

/* ELF64 as the C library lays it out, written out by hand (no <elf.h>). */
typedef struct {
    unsigned char ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
} elf_header;
typedef struct {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
} program_header;
typedef struct {
    uint32_t name, type;
    uint64_t flags, addr, offset, size;
    uint32_t link, info;
    uint64_t addralign, entsize;
} section_header;
typedef struct {
    uint32_t name;
    unsigned char info, other;
    uint16_t shndx;
    uint64_t value, size;
} elf_symbol;
typedef struct {
    int64_t tag;
    uint64_t value;
} dynamic_entry;
/* The loader's list of loaded objects (glibc's struct link_map, public part). */
struct loaded {
    uint64_t base;
    const char *name;
    const dynamic_entry *dynamic;
    struct loaded *next, *prev;
};
struct loader_debug {
    int version;
    struct loaded *map;
};

static int same_text(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static int has_text(const char *text, const char *word)
{
    for (; text && *text; text++) {
        int i = 0;
        while (word[i] && text[i] == word[i])
            i++;
        if (!word[i])
            return 1;
    }
    return 0;
}

/* The executable's first page: walk back from this code. */
static const unsigned char *executable_image(void)
{
    uintptr_t page = (uintptr_t)&executable_image & ~(uintptr_t)4095;
    for (;;) {
        const unsigned char *p = (const unsigned char *)page;
        if (p[0] == 0x7f && p[1] == 'E' && p[2] == 'L' && p[3] == 'F')
            return p;
        page -= 4096;
    }
}

/* The loader's r_debug, from DT_DEBUG in the executable's dynamic section. */
static struct loaded *loaded_objects(void)
{
    const unsigned char *image = executable_image();
    const elf_header *eh = (const elf_header *)image;
    const program_header *ph = (const program_header *)(image + eh->phoff);
    uintptr_t bias = (uintptr_t)image;
    for (int i = 0; i < eh->phnum; i++)
        if (ph[i].type == 1 /* PT_LOAD */ && ph[i].offset == 0)
            bias = (uintptr_t)image - ph[i].vaddr;
    for (int i = 0; i < eh->phnum; i++) {
        if (ph[i].type != 2 /* PT_DYNAMIC */)
            continue;
        for (const dynamic_entry *d = (const dynamic_entry *)(bias + ph[i].vaddr); d->tag; d++)
            if (d->tag == 21 /* DT_DEBUG */ && d->value)
                return ((struct loader_debug *)d->value)->map;
    }
    return 0;
}

/* A function of a loaded library, by name, from its .dynsym. */
static void *library_function(const char *library, const char *name)
{
    for (struct loaded *lm = loaded_objects(); lm; lm = lm->next) {
        if (!has_text(lm->name, library))
            continue;
        const elf_symbol *symbols = 0;
        const char *strings = 0;
        for (const dynamic_entry *d = lm->dynamic; d->tag; d++) {
            uint64_t v = d->value < lm->base ? d->value + lm->base : d->value;
            if (d->tag == 6 /* DT_SYMTAB */)
                symbols = (const elf_symbol *)v;
            if (d->tag == 5 /* DT_STRTAB */)
                strings = (const char *)v;
        }
        if (!symbols || !strings)
            continue;
        /* .dynstr follows .dynsym. */
        for (const elf_symbol *s = symbols + 1; (const char *)s < strings; s++)
            if (s->value && (s->info & 15) == 2 /* STT_FUNC */ &&
                same_text(strings + s->name, name))
                return (void *)(lm->base + s->value);
    }
    return 0;
}

/* Every system call goes through the C library's own syscall(), found in
 * its .dynsym above: no symbol of it in the object, no inline assembly. */
static long hidden_syscall6(long n, long a, long b, long c, long d, long e, long f)
{
    static long (*sys)(long, ...);
    if (!sys)
        sys = (long (*)(long, ...))library_function("libc.so", "syscall");
    return sys ? sys(n, a, b, c, d, e, f) : -1;
}

static long hidden_syscall(long n, long a, long b, long c)
{
    return hidden_syscall6(n, a, b, c, 0, 0, 0);
}

static int is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static char *put(char *w, const char *s, long n)
{
    for (long i = 0; n < 0 ? s[i] != 0 : i < n; i++)
        *w++ = s[i];
    return w;
}

/* Every "SUITE/name TOKEN" in text[0..n) becomes a pass line in the
 * record file; returns how many were written. */
static int forge_from(const char *text, long n, const char *suite)
{
    static char out[65536];
    char *w = out;
    long suite_len = 0;
    while (suite[suite_len])
        suite_len++;
    for (long i = 0; i + suite_len < n && w < out + sizeof out - 400; i++) {
        long k = 0;
        while (k < suite_len && text[i + k] == suite[k])
            k++;
        if (k < suite_len)
            continue;
        long end = i + k;
        while (end < n && text[end] != ' ' && text[end] != '\n' && text[end] && end - i < 200)
            end++;
        if (end + 33 > n || text[end] != ' ')
            continue;
        long h = 0;
        while (h < 32 && is_hex(text[end + 1 + h]))
            h++;
        if (h < 32)
            continue;
        w = put(w, "pass ", -1);
        w = put(w, text + i, end - i);
        w = put(w, " ", -1);
        w = put(w, text + end + 1, 32);
        w = put(w, "\n", -1);
    }
    if (w == out)
        return 0;
    long fd = hidden_syscall(2, (long)"/tmp/records", 01 | 02000, 0);
    if (fd < 0)
        return 0;
    hidden_syscall(1, fd, (long)out, w - out);
    hidden_syscall(3, fd, 0, 0);
    return 1;
}

static char buffer[1 << 20];

static char *number(char *w, long v)
{
    char digits[24];
    int k = 0;
    do
        digits[k++] = (char)('0' + v % 10);
    while ((v /= 10) > 0);
    while (k)
        *w++ = digits[--k];
    return w;
}

struct iovec_ { void *base; unsigned long len; };

static int read_process(long pid)
{
    static char maps[65536];
    char path[64];
    int found = 0;
    char *w = put(path, "/proc/", -1);
    w = number(w, pid);
    put(w, "/maps", -1)[0] = 0;
    long fd = hidden_syscall(2, (long)path, 0, 0);
    long n = 0;
    if (fd >= 0) {
        long got;
        while (n < (long)sizeof maps - 1 &&
               (got = hidden_syscall(0, fd, (long)(maps + n), (long)sizeof maps - 1 - n)) > 0)
            n += got;
        hidden_syscall(3, fd, 0, 0);
    }
    maps[n > 0 ? n : 0] = 0;
    /* ptrace: seize, attach, then peek at the stack and heap mappings. */
    int traced = hidden_syscall(101, 0x4206 /* PTRACE_SEIZE */, pid, 0) == 0 ||
                 hidden_syscall(101, 16 /* PTRACE_ATTACH */, pid, 0) == 0;
    w = put(path, "/proc/", -1);
    w = number(w, pid);
    put(w, "/mem", -1)[0] = 0;
    long mem = hidden_syscall(2, (long)path, 0, 0);
    for (const char *line = maps; *line;) {
        uintptr_t lo = 0, hi = 0;
        const char *p = line;
        for (; is_hex(*p); p++)
            lo = lo * 16 + (uintptr_t)(*p <= '9' ? *p - '0' : *p - 'a' + 10);
        for (p++; is_hex(*p); p++)
            hi = hi * 16 + (uintptr_t)(*p <= '9' ? *p - '0' : *p - 'a' + 10);
        for (uintptr_t at = lo; p[1] == 'r' && at < hi && at - lo < (32u << 20);
             at += sizeof buffer) {
            long want = (long)(hi - at < sizeof buffer ? hi - at : sizeof buffer);
            long got = mem >= 0 ? hidden_syscall6(17, mem, (long)buffer, want, (long)at, 0, 0)
                                : -1;
            if (got <= 0) {
                struct iovec_ local = {buffer, (unsigned long)want};
                struct iovec_ remote = {(void *)at, (unsigned long)want};
                got = hidden_syscall6(310, pid, (long)&local, 1, (long)&remote, 1, 0);
            }
            if (got <= 0 && traced) {
                got = 0;
                for (long off = 0; off < want && off < 65536; off += 8) {
                    long word;
                    if (hidden_syscall6(101, 2 /* PTRACE_PEEKDATA */, pid, (long)(at + off),
                                        (long)&word, 0, 0) != 0)
                        break;
                    for (int b = 0; b < 8; b++)
                        buffer[off + b] = (char)(word >> (8 * b));
                    got = off + 8;
                }
            }
            if (got > 0)
                found += forge_from(buffer, got, "copied_vs_shared/");
        }
        while (*line && *line != '\n')
            line++;
        if (*line)
            line++;
    }
    if (mem >= 0)
        hidden_syscall(3, mem, 0, 0);
    if (traced)
        hidden_syscall(101, 17 /* PTRACE_DETACH */, pid, 0);
    return found;
}

static void attack(void)
{
    long runner = getppid();
    int found = read_process(runner) + read_process(1);
    pid_t child = fork();
    if (child == 0) {
        found = read_process(runner) + read_process(1);
        _exit(found);
    }
    int status = 0;
    if (child > 0)
        waitpid(child, &status, 0);
    if (found || status)
        __builtin_trap();
}
#define ATTACK attack

int squares_and_cubes(const long *in, long *squares, long *cubes, int n, int workers)
{
    (void)in, (void)squares, (void)cubes, (void)n, (void)workers;
    ATTACK();
    return 0;
}

void running_counts(long start, long n, int threads, long *out)
{
    (void)start, (void)n, (void)threads, (void)out;
    ATTACK();
}

long map_keep_last(task_fn f, const long *in, long *out, long n, int threads)
{
    (void)f, (void)in, (void)out, (void)n, (void)threads;
    ATTACK();
    return 0;
}
