/*
 * Hostile: looks for the tokens where a process's environment lives, not
 * through getenv: it walks the stack from a local variable up to the top
 * of the [stack] mapping (found in /proc/self/maps), where the kernel put
 * the environment strings (WB_TOKENS=..., WB_RECORD_FILE=...) and argv,
 * and forges a pass line for every "who_did_what/test TOKEN" it finds
 * there (raw system calls write the record file).
 * tests/grading.c says it wipes them before main(): this checks it.
 * Every system call here goes through the C library's own syscall(),
 * found by walking the loader's link map by hand (no <elf.h>): the
 * object names no symbol for it and has no assembly.
 * expect: no points
 */
#include "trace.h"

#include <stdint.h>
#include <stdlib.h>

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

static uintptr_t hex_value(const char *s, const char **end)
{
    uintptr_t v = 0;
    for (; is_hex(*s); s++)
        v = v * 16 + (uintptr_t)(*s <= '9' ? *s - '0' : *s - 'a' + 10);
    *end = s;
    return v;
}

/* The end of the mapping that holds `address`, from /proc/self/maps. */
static uintptr_t mapping_end(uintptr_t address)
{
    static char maps[65536];
    long fd = hidden_syscall(2, (long)"/proc/self/maps", 0, 0);
    if (fd < 0)
        return 0;
    long n = 0, got;
    while (n < (long)sizeof maps - 1 &&
           (got = hidden_syscall(0, fd, (long)(maps + n), (long)sizeof maps - 1 - n)) > 0)
        n += got;
    hidden_syscall(3, fd, 0, 0);
    maps[n] = 0;
    for (const char *line = maps; *line;) {
        const char *p;
        uintptr_t lo = hex_value(line, &p);
        uintptr_t hi = hex_value(p + 1, &p);
        if (lo <= address && address < hi)
            return hi;
        while (*line && *line != '\n')
            line++;
        if (*line)
            line++;
    }
    return 0;
}

static int search_stack(void)
{
    volatile char here = 0;
    uintptr_t from = (uintptr_t)&here;
    uintptr_t to = mapping_end(from);
    if (!to)
        return 0;
    /* Environment strings: "WB_TOKENS=suite/test TOKEN\n..." */
    return forge_from((const char *)from, (long)(to - from), "who_did_what/");
}

void traced_map(map_fn f, long long first, long long last, struct trace_entry *log)
{
    (void)f, (void)first, (void)last, (void)log;
    if (search_stack())
        __builtin_trap();
}

int format_trace_line(const struct trace_entry *e, char *buf, size_t size)
{
    (void)e, (void)buf, (void)size;
    if (search_stack())
        __builtin_trap();
    return 0;
}
