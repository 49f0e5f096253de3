/*
 * Hostile: asks the environment for the tokens and the record file
 * (getenv("WB_TOKENS"), getenv("WB_RECORD_FILE"), getenv("WB_TOKEN_FD")),
 * opens the record file with fopen and writes "pass" lines for every
 * test it finds a token for, then returns.
 * expect: rejected getenv
 */
#include "trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void forge(void)
{
    const char *tokens = getenv("WB_TOKENS");
    const char *path = getenv("WB_RECORD_FILE");
    if (!path)
        path = "/tmp/records";
    FILE *records = fopen(path, "a");
    if (!records || !tokens)
        return;
    char copy[16384];
    strncpy(copy, tokens, sizeof copy - 1);
    copy[sizeof copy - 1] = 0;
    for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n"))
        fprintf(records, "pass %s\n", line);
    fclose(records);
}

void traced_map(map_fn f, long long first, long long last, struct trace_entry *log)
{
    (void)f, (void)first, (void)last, (void)log;
    forge();
}

int format_trace_line(const struct trace_entry *e, char *buf, size_t size)
{
    (void)e, (void)buf, (void)size;
    forge();
    return 0;
}
