/*
 * Hostile: a destructor (and a constructor) of its own, which run before
 * main() and after the last test in every process of the run: the
 * destructor rewrites Criterion's XML report and the record file, as the
 * runner exits, with every test passed; the constructor reads the token
 * pipe before the harness does. (It would need open and write, which the
 * policy refuses too; the sections are what it must name first.)
 * expect: rejected .fini_array
 */
#include "pools.h"

#include <stdio.h>

static const char report[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites><testsuite name=\"several_pools\">"
    "<testcase name=\"square_then_cube_results\" status=\"PASSED\"/>"
    "<testcase name=\"mirror_waits_for_the_map\" status=\"PASSED\"/>"
    "</testsuite></testsuites>\n";

__attribute__((destructor)) static void rewrite_report(void)
{
    FILE *out = fopen("/tmp/report.xml", "w");
    if (out) {
        fputs(report, out);
        fclose(out);
    }
    out = fopen("/tmp/records", "a");
    if (out) {
        fputs("pass several_pools/square_then_cube_results 00000000000000000000000000000000\n",
              out);
        fclose(out);
    }
}

void square_then_cube(map_fn square, map_fn cube, const long long *in, long long *squares,
                      long long *cubes, long n)
{
    (void)square, (void)cube, (void)in, (void)squares, (void)cubes, (void)n;
}

void map_then_mirror(map_fn f, long n, long long *values, long long *sums)
{
    (void)f, (void)n, (void)values, (void)sums;
}
