/*
 * runtime_schedule.c - schedule(runtime): choose the schedule when you run.
 *
 * A schedule clause is fixed when the program is compiled. With
 * schedule(runtime) the loop instead uses the "run-sched" setting, which
 * comes from the environment variable OMP_SCHEDULE, read when the program
 * starts, or from a call to omp_set_schedule() (for regions that start
 * after it). It is to the schedule what OMP_NUM_THREADS and
 * omp_set_num_threads() are to the team size.
 *
 * Try:   OMP_SCHEDULE="static,4" ./workbook run 04 runtime_schedule -t 2
 *        OMP_SCHEDULE="dynamic,3" ./workbook run 04 runtime_schedule -t 2
 * or pass the schedule as an argument, which calls omp_set_schedule():
 *        ./workbook run 04 runtime_schedule -t 2 -- guided,2
 */
#include "division.h"

#include <errno.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ITEMS 20
#define MAX_CHUNK 1000
#define MAX_TEAM 36    /* the threads a division row can show: 0-9, a-z */

static const char *kind_name(omp_sched_t kind)
{
    /* Some runtimes add a "monotonic" flag to the kind; leave it out. */
    switch ((int)(kind & ~omp_sched_monotonic)) {
    case omp_sched_static:  return "static";
    case omp_sched_dynamic: return "dynamic";
    case omp_sched_guided:  return "guided";
    case omp_sched_auto:    return "auto";
    default:                return "another kind";
    }
}

/* "dynamic,3" -> omp_set_schedule(omp_sched_dynamic, 3); 0 if not understood. */
static int set_schedule(const char *text)
{
    static const struct { const char *name; omp_sched_t kind; } kinds[] = {
        {"static", omp_sched_static}, {"dynamic", omp_sched_dynamic},
        {"guided", omp_sched_guided}, {"auto", omp_sched_auto},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        size_t length = strlen(kinds[i].name);
        if (strncmp(text, kinds[i].name, length) != 0)
            continue;
        if (text[length] == '\0') {
            omp_set_schedule(kinds[i].kind, 0);   /* 0: the kind's default chunk */
            return 1;
        }
        /* strtol, not atoi: "dynamic,3x" and "dynamic,0" are mistakes. */
        char *end;
        errno = 0;
        long chunk = strtol(text + length + 1, &end, 10);
        if (text[length] == ',' && !errno && end != text + length + 1 && *end == '\0' &&
            chunk >= 1 && chunk <= MAX_CHUNK) {
            omp_set_schedule(kinds[i].kind, (int)chunk);
            return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *env = getenv("OMP_SCHEDULE");
    printf("OMP_SCHEDULE is %s\n", env ? env : "not set");
    if (argc > 1) {
        if (!set_schedule(argv[1])) {
            fprintf(stderr, "runtime_schedule: \"%s\" is not a schedule: give static, "
                    "dynamic, guided or auto, with or without a chunk size from 1 to %d "
                    "after a comma (dynamic,3).\n", argv[1], MAX_CHUNK);
            return 2;
        }
        printf("omp_set_schedule() called for \"%s\"\n", argv[1]);
    }

    omp_sched_t kind;
    int chunk;
    omp_get_schedule(&kind, &chunk);
    if (chunk >= 1)
        printf("schedule(runtime) now means: %s, chunk %d\n", kind_name(kind), chunk);
    else
        printf("schedule(runtime) now means: %s, no chunk size\n", kind_name(kind));

    int owner[ITEMS];
    int team = omp_get_max_threads();
    if (team > MAX_TEAM) {
        fprintf(stderr, "runtime_schedule: the default team would have %d threads; this "
                "program shows at most %d.\n", team, MAX_TEAM);
        return 2;
    }
    #pragma omp parallel for schedule(runtime)
    for (int x = 1; x <= ITEMS; x++)
        owner[x - 1] = omp_get_thread_num();

    printf("Items 1 to %d on the default team of %d thread%s:\n", ITEMS, team,
           team == 1 ? "" : "s");
    print_division_row(owner, ITEMS, team);
    print_division_by_thread(owner, ITEMS, team);
    return 0;
}
