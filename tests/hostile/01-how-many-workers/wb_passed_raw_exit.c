/*
 * Hostile (the bug report's own example): empty functions that call the
 * harness's end-of-test code, wb_passed(), and Criterion's internal
 * criterion_internal_test_post_test, then leave the test process through
 * the raw exit system call (inline asm), so that no assertion ever runs
 * and no exit() wrapper of tests/grading.c sees the exit.
 * expect: rejected wb_passed
 */
#include "workers.h"

#include <stddef.h>

void wb_passed(void);
void criterion_internal_test_post_test(void *);

static void leave_now(void)
{
    __asm__ volatile("mov $231, %%eax\n\txor %%edi, %%edi\n\tsyscall" ::: "rax", "rdi",
                     "rcx", "r11", "memory");
}

int cores_available(void)
{
    wb_passed();
    criterion_internal_test_post_test(NULL);
    leave_now();
    return 0;
}

int default_team_size(void)
{
    return cores_available();
}

void describe_cores(char *buf, size_t size)
{
    (void)buf, (void)size;
    cores_available();
}
