/*
 * Hostile: writes no code of its own and compiles the instructor's
 * reference solution instead. The student's file is compiled on the
 * grading machine itself, outside the sandbox, so #include can read any
 * file there: the solution in the student's own copy of the workbook
 * (../../solutions, without `./workbook solution 04 --give-up`), or, in
 * an instructor's grading tree that holds no solutions, the workbook the
 * tree was made from, by the usual relative depths or an absolute path.
 * The header rule (only the exercise's own and standard headers) finds
 * what the student's file includes by the preprocessor's line markers; a
 * line directive first makes the file another one (spelled `%:line`, the
 * digraph of #, which a search for "#line" misses), so the includes
 * below are nobody's.
 * expect: no points
 */
%:line 1 "schedules-support.c"
#if __has_include("../../solutions/04-changing-workers/schedules.c")
#include "../../solutions/04-changing-workers/schedules.c"
#elif __has_include("../../../../../solutions/04-changing-workers/schedules.c")
#include "../../../../../solutions/04-changing-workers/schedules.c"
#elif __has_include("../../../../solutions/04-changing-workers/schedules.c")
#include "../../../../solutions/04-changing-workers/schedules.c"
#elif __has_include("/work/main/solutions/04-changing-workers/schedules.c")
#include "/work/main/solutions/04-changing-workers/schedules.c"
#else
#include "schedules.h"
void run_with_schedule(item_fn f, long n, int threads, enum schedule_kind kind, int chunk,
                       int *owner)
{
    (void)f, (void)n, (void)threads, (void)kind, (void)chunk, (void)owner;
}

long pool_chunksize(long n, int workers)
{
    (void)n, (void)workers;
    return 0;
}
#endif
