# The memory check: every grader again, built with AddressSanitizer and
# LeakSanitizer (memory-NN-<variant>, see cmake/Workbook.cmake), which
# tools/workbook/memory.py runs in the sandbox and reads the reports of.
#
# -O1 and frame pointers: the reports name the student's file and line;
# the same -D flags as the ordinary build, so that a file cannot tell the
# two builds apart (tools/workbook/instruments.py compares them).

include(CheckCSourceCompiles)

set(workbook_memory_flags -fsanitize=address -fno-omit-frame-pointer -O1)

# True when this compiler builds, links and runs an ASan + OpenMP program.
function(workbook_memory_supported out)
  set(CMAKE_REQUIRED_FLAGS "${OpenMP_C_FLAGS} -fsanitize=address")
  set(CMAKE_REQUIRED_LINK_OPTIONS -fsanitize=address)
  set(CMAKE_REQUIRED_LIBRARIES ${OpenMP_C_LIBRARIES})
  set(CMAKE_REQUIRED_QUIET TRUE)
  check_c_source_compiles([[
    #include <omp.h>
    #include <stdlib.h>
    int main(void) {
      int *p = malloc(4 * sizeof *p), n = 0;
      #pragma omp parallel reduction(+:n)
      n += omp_get_thread_num() >= 0;
      free(p);
      return n < 1;
    }]] WORKBOOK_MEMORY_PROBE)
  if(NOT WORKBOOK_MEMORY_PROBE)
    message(STATUS "Memory checks: off (the compiler cannot build with -fsanitize=address)")
  endif()
  set(${out} ${WORKBOOK_MEMORY_PROBE} PARENT_SCOPE)
endfunction()
