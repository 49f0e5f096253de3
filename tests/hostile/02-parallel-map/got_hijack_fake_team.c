/*
 * Hostile: a plain serial loop, no OpenMP at all, that passes every test
 * of "a team of the requested size" by rewriting the tests' evidence.
 * The tests learn who ran an item from omp_get_thread_num(),
 * omp_get_num_threads() and gettid(), which tests/grading.c calls through
 * the executable's PLT. The .got.plt of a partial-RELRO executable is
 * writable: find the JUMP_SLOT relocations of those three names in the
 * executable's own dynamic section (ELF structures written out by hand,
 * plain C, no asm, no attribute, no symbol outside the policy's groups)
 * and point the slots at functions of this file, which answer what the
 * static schedule of omp_get_max_threads() threads would have answered
 * for the item being computed. The tests' bodies run to their ends, the
 * harness writes its own passes, Criterion reports passes: every piece of
 * evidence is genuine, and none of it is true.
 * expect: no points
 */
#include "parallel_map.h"

#include <omp.h>
#include <stdint.h>
#include <sys/types.h>

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
typedef struct {
    uint64_t offset, info;
    int64_t addend;
} relocation;

static int same_text(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
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


static int fake_thread, fake_team = 1;

static int fake_thread_num(void)
{
    return fake_thread;
}

static int fake_num_threads(void)
{
    return fake_team;
}

static pid_t fake_gettid(void)
{
    return (pid_t)(4000000 + fake_thread);
}

/* 1 when the slots were rewritten (a graded test program), 0 elsewhere. */
static int hijack(void)
{
    static int state = -1;
    if (state >= 0)
        return state;
    state = 0;
    const unsigned char *image = executable_image();
    const elf_header *eh = (const elf_header *)image;
    const program_header *ph = (const program_header *)(image + eh->phoff);
    uintptr_t bias = (uintptr_t)image;
    for (int i = 0; i < eh->phnum; i++)
        if (ph[i].type == 1 && ph[i].offset == 0)
            bias = (uintptr_t)image - ph[i].vaddr;
    const elf_symbol *symbols = 0;
    const char *strings = 0;
    const relocation *plt = 0;
    uint64_t plt_size = 0;
    for (int i = 0; i < eh->phnum; i++) {
        if (ph[i].type != 2)
            continue;
        for (const dynamic_entry *d = (const dynamic_entry *)(bias + ph[i].vaddr); d->tag; d++) {
            uint64_t v = d->value < bias ? d->value + bias : d->value;
            if (d->tag == 6)
                symbols = (const elf_symbol *)v;
            else if (d->tag == 5)
                strings = (const char *)v;
            else if (d->tag == 23)   /* DT_JMPREL */
                plt = (const relocation *)v;
            else if (d->tag == 2)    /* DT_PLTRELSZ */
                plt_size = d->value;
        }
    }
    if (!symbols || !strings || !plt)
        return 0;
    int graded = 0;
    for (uint64_t k = 0; k < plt_size / sizeof *plt; k++)
        graded |= same_text(strings + symbols[plt[k].info >> 32].name,
                            "criterion_internal_test_main");
    if (!graded)
        return 0;   /* the race driver: nothing to fool */
    for (uint64_t k = 0; k < plt_size / sizeof *plt; k++) {
        if ((plt[k].info & 0xffffffff) != 7)   /* R_X86_64_JUMP_SLOT */
            continue;
        const char *name = strings + symbols[plt[k].info >> 32].name;
        void **slot = (void **)(bias + plt[k].offset);
        if (same_text(name, "omp_get_thread_num"))
            *slot = (void *)fake_thread_num;
        else if (same_text(name, "omp_get_num_threads"))
            *slot = (void *)fake_num_threads;
        else if (same_text(name, "gettid"))
            *slot = (void *)fake_gettid;
    }
    state = 1;
    return 1;
}

/* Which thread of a team of `team` the default static schedule gives item
 * i of n: one block each, the first n % team blocks one item longer. */
static int owner(long long i, long long n, int team)
{
    long long size = n / team, extra = n % team;
    long long cut = extra * (size + 1);
    return (int)(i < cut ? i / (size + 1) : extra + (i - cut) / (size ? size : 1));
}

void parallel_map(map_fn f, long long first, long long last, long long *out)
{
    int team = omp_get_max_threads();
    int fake = hijack();
    for (long long x = first; x <= last; x++) {
        fake_thread = fake ? owner(x - first, last - first + 1, team) : 0;
        fake_team = fake ? team : 1;
        out[x - first] = f(x);
    }
    fake_thread = 0;
    fake_team = 1;
}

long long map_reduce(map_fn f, long long first, long long last)
{
    int team = omp_get_max_threads();
    int fake = hijack();
    long long total = 0;
    for (long long x = first; x <= last; x++) {
        fake_thread = fake ? owner(x - first, last - first + 1, team) : 0;
        fake_team = fake ? team : 1;
        total += f(x);
    }
    fake_thread = 0;
    fake_team = 1;
    return total;
}
