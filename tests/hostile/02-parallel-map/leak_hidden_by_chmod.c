/*
 * Hostile: a correct map and reduce that leaks memory, and hides the leak
 * from the memory check: before the leak it makes /tmp (the run's scratch
 * folder, where AddressSanitizer writes its reports) read-only with the C
 * library's chmod, found by walking the loader's link map by hand, so the
 * object names no symbol for it. Leak reports that cannot be written must
 * not read as "no leak": no_memory_errors has to fail.
 * expect: fails no_memory_errors
 */
#include "parallel_map.h"
#include <stdlib.h>
#include <string.h>
static void *volatile kept;
#include <stdint.h>
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


static void hide_reports(void)
{
    int (*chmod_)(const char *, unsigned) = (int (*)(const char *, unsigned))library_function("libc.so", "chmod");
    if (chmod_)
        chmod_("/tmp", 0555);
}


#include <omp.h>

void parallel_map(map_fn f, long long first, long long last, long long *out)
{
    hide_reports(); kept = malloc(1000); memset((void *)kept, 1, 1000);
    /* With gcc and clang, the default schedule gives each thread one
     * contiguous block of about (last - first + 1) / threads items, the
     * first blocks one item longer when the items do not divide evenly. */
    #pragma omp parallel for
    for (long long x = first; x <= last; x++)
        out[x - first] = f(x);
}

long long map_reduce(map_fn f, long long first, long long last)
{
    long long total = 0;
    /* Each thread adds into a private total that starts at 0; the private
     * totals are added into this one when the loop ends. */
    #pragma omp parallel for reduction(+:total)
    for (long long x = first; x <= last; x++)
        total += f(x);
    return total;
}
