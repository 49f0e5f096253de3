/*
 * Hostile: computes nothing; a raw system call the policy cannot see does
 * the rest.
 *   - a line directive, spelled `%:line` (the digraph of #, which a
 *     search for "#line" misses), makes every line after it another
 *     file's for the source-level rules, which find the student's own
 *     lines by the preprocessor's line markers: the inline assembly below
 *     is not seen.
 *   - In the object, the bytes of `syscall` (0f 05) hide inside the
 *     immediate of a `mov $imm32, %eax` that the linear disassembly
 *     (objdump -d) reads; a two-byte `jmp` over the mov's opcode lands the
 *     CPU on them.
 *   - open and read /proc/self/exe, find the harness's static wb_passed()
 *     in its .symtab and call it: the harness writes this test's pass with
 *     its own (masked) token; then exit_group(0): the test process ends
 *     with status 0, which Criterion reports as a pass.
 *   - In the race driver there is no wb_passed: return, touch nothing.
 * expect: no points
 */
#include "parallel_map.h"

#include <stdint.h>
#include <stdlib.h>

%:line 1 "parallel_map_support.c"

/* A raw system call that objdump -d does not show: a two-byte jmp skips
 * the opcode of a `mov $imm32, %eax` whose immediate holds 0f 05
 * (`syscall`) and two nops. */
static long hidden_syscall6(long n, long a, long b, long c, long d, long e, long f)
{
    long ret;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    __asm__ volatile(".byte 0xeb, 0x01, 0xb8, 0x0f, 0x05, 0x90, 0x90"
                     : "=a"(ret)
                     : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}

static long hidden_syscall(long n, long a, long b, long c)
{
    return hidden_syscall6(n, a, b, c, 0, 0, 0);
}

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

/* A function of the executable itself, static ones too, by name: from the
 * .symtab of /proc/self/exe, read with raw system calls.
 * `known` is a function of this file, to find where the executable is. */
static void *executable_function(const char *name, const char *known_name, void *known)
{
    static unsigned char *file;
    static long size;
    if (!file) {
        long fd = hidden_syscall(2, (long)"/proc/self/exe", 0, 0);   /* open */
        if (fd < 0)
            return 0;
        long room = 1 << 20;
        file = malloc((size_t)room);
        for (long got; file && (got = hidden_syscall(0, fd, (long)(file + size), room - size)) > 0;) {
            size += got;
            if (size == room)
                file = realloc(file, (size_t)(room *= 2));
        }
        hidden_syscall(3, fd, 0, 0);
        if (!file)
            return 0;
    }
    const elf_header *eh = (const elf_header *)file;
    if (size < (long)sizeof *eh || eh->shoff + (uint64_t)eh->shnum * sizeof(section_header) >
                                       (uint64_t)size)
        return 0;
    const section_header *sh = (const section_header *)(file + eh->shoff);
    uint64_t wanted = 0, anchor = 0;
    for (int i = 0; i < eh->shnum; i++) {
        if (sh[i].type != 2 /* SHT_SYMTAB */ || sh[i].link >= eh->shnum)
            continue;
        const elf_symbol *symbols = (const elf_symbol *)(file + sh[i].offset);
        const char *strings = (const char *)(file + sh[sh[i].link].offset);
        for (uint64_t k = 0; k < sh[i].size / sizeof(elf_symbol); k++) {
            if ((symbols[k].info & 15) != 2)
                continue;
            if (same_text(strings + symbols[k].name, name))
                wanted = symbols[k].value;
            if (same_text(strings + symbols[k].name, known_name))
                anchor = symbols[k].value;
        }
    }
    if (!wanted || !anchor)
        return 0;
    return (void *)((uintptr_t)known - anchor + wanted);
}

static void pass_and_leave(void)
{
    void (*passed)(void) =
        (void (*)(void))executable_function("wb_passed", "map_reduce", (void *)map_reduce);
    if (passed) {
        passed();
        hidden_syscall(231, 0, 0, 0);   /* exit_group(0) */
    }
}

void parallel_map(map_fn f, long long first, long long last, long long *out)
{
    (void)f, (void)first, (void)last, (void)out;
    pass_and_leave();
}

long long map_reduce(map_fn f, long long first, long long last)
{
    (void)f, (void)first, (void)last;
    pass_and_leave();
    return 0;
}
