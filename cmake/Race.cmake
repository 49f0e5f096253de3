# Race checks: each topic's exercise, solution and wrong programs built with
# ThreadSanitizer into a separate program (tests/race/NN-slug.c drives the
# topic's API), for `./workbook race NN` and the self-check `race:TOPIC`.
#
# Target names, keyed by the topic's number NN, in ${PROJECT_BINARY_DIR}/race/:
#   race-NN-exercise  race-NN-solution  race-NN-wrong-<name>
#
# Each compiler builds them from the very code it grades, so that no file can
# show the race check other code than the graded tests (#ifdef __clang__).
# They always run on LLVM's OpenMP runtime, libomp, with Archer
# (libarcher.so), which tells TSan how OpenMP's barriers, locks and
# reductions order the threads: clang links libomp anyway, and gcc's code
# runs on it too (libomp implements libgomp's GOMP_* entry points), where
# gcc's own libgomp would make TSan report false races inside it. Measured
# on every solution and wrong program at 2, 3 and 4 threads: gcc + libomp
# flags the same programs as clang, and no race-free one. A TSan build
# cannot run inside Criterion either, hence programs of their own.

include(CheckCSourceCompiles)

# -O1, measured: at -O0 clang copies a struct (`best = mine;`) with a call
# to memcpy, which TSan does not check under ignore_noninstrumented_modules
# (needed to silence libomp), so an unprotected struct copy went unseen;
# -O1 turns small copies into checked loads and stores. On the 14 racy wrong
# programs at 2, 3 and 4 threads both levels found the same races at the
# same lines, -O1 about 20% faster. -O1 does fold a loop whose body it can
# see whole, but the drivers hand the code f through a pointer.
set(workbook_race_flags -fsanitize=thread -g -O1)

# libomp, for gcc's race programs (clang's OpenMP::OpenMP_C is libomp already).
file(GLOB workbook_libomp_dirs /usr/lib/llvm-*/lib)
find_library(WORKBOOK_LIBOMP NAMES omp libomp.so.5 PATHS ${workbook_libomp_dirs} NO_DEFAULT_PATH)

# The libraries a race program links for OpenMP: libomp in both cases.
function(workbook_race_runtime out)
  if(CMAKE_C_COMPILER_ID MATCHES "Clang")
    set(${out} ${OpenMP_C_LIBRARIES} PARENT_SCOPE)
  elseif(WORKBOOK_LIBOMP)
    set(${out} ${WORKBOOK_LIBOMP} PARENT_SCOPE)
  else()
    set(${out} "" PARENT_SCOPE)
  endif()
endfunction()

# True when this compiler builds and links a TSan + OpenMP program on libomp.
function(workbook_race_supported out)
  workbook_race_runtime(runtime)
  if(NOT runtime)
    set(${out} FALSE PARENT_SCOPE)
    return()
  endif()
  set(CMAKE_REQUIRED_FLAGS "${OpenMP_C_FLAGS} -fsanitize=thread")
  set(CMAKE_REQUIRED_LINK_OPTIONS -fsanitize=thread)
  set(CMAKE_REQUIRED_LIBRARIES ${runtime})
  set(CMAKE_REQUIRED_QUIET TRUE)
  check_c_source_compiles([[
    #include <omp.h>
    int main(void) {
      int n = 0;
      #pragma omp parallel reduction(+:n)
      n += omp_get_thread_num() >= 0;
      return n < 1;
    }]] WORKBOOK_RACE_PROBE)
  set(${out} ${WORKBOOK_RACE_PROBE} PARENT_SCOPE)
endfunction()

# Sources compiled with TSan as an object library of their own, so that
# the same file keeps its ordinary flags in the graders.
function(workbook_race_objects name topic sources options)
  add_library(${name} OBJECT ${sources})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/exercises/${topic}
                             ${PROJECT_SOURCE_DIR}/lessons/${topic})
  target_link_libraries(${name} PRIVATE OpenMP::OpenMP_C)
  target_compile_options(${name} PRIVATE ${workbook_race_flags} ${options})
endfunction()

# One race program: the topic's driver + one implementation (+ support),
# all compiled once as object libraries and only linked here.
function(workbook_race_program number variant impl_objects)
  set(target race-${number}-${variant})
  add_executable(${target} $<TARGET_OBJECTS:race_driver_${number}>
                 $<TARGET_OBJECTS:${impl_objects}>)
  if(TARGET race_support_${number})
    target_sources(${target} PRIVATE $<TARGET_OBJECTS:race_support_${number}>)
  endif()
  # libomp, not the compiler's own runtime (no -fopenmp at the link).
  workbook_race_runtime(runtime)
  list(GET runtime 0 libomp)   # clang's list goes on with libpthread
  get_filename_component(runtime_dir "${libomp}" DIRECTORY)
  target_link_libraries(${target} PRIVATE ${runtime})
  target_link_options(${target} PRIVATE -fsanitize=thread "-Wl,-rpath,${runtime_dir}"
                      ${workbook_hardening})
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/race
                        LINKER_LANGUAGE C)
endfunction()

function(workbook_add_race_targets)
  workbook_race_supported(supported)
  if(NOT supported)
    message(STATUS "Race checks: off (they need ThreadSanitizer and libomp: libomp-dev)")
    return()
  endif()
  foreach(topic IN LISTS ARGN)
    string(SUBSTRING ${topic} 0 2 number)
    if(NOT EXISTS ${PROJECT_SOURCE_DIR}/tests/race/${topic}.c)
      continue()
    endif()
    # Lesson support code (fork_pool.c): every .c there without a main().
    file(GLOB lesson_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/lessons/${topic}/*.c)
    set(support "")
    foreach(source IN LISTS lesson_sources)
      workbook_is_program(${source} is_program)
      if(NOT is_program)
        list(APPEND support ${source})
      endif()
    endforeach()
    if(support)
      workbook_race_objects(race_support_${number} ${topic} "${support}" "${workbook_strict}")
    endif()
    workbook_race_objects(race_driver_${number} ${topic}
                          ${PROJECT_SOURCE_DIR}/tests/race/${topic}.c "${workbook_strict}")

    # The student's file only warns; the solution is held to -Werror.
    file(GLOB exercise_sources CONFIGURE_DEPENDS ${WORKBOOK_EXERCISES_DIR}/${topic}/*.c)
    file(GLOB solution_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/solutions/${topic}/*.c)
    workbook_race_objects(race_exercise_${number} ${topic} "${exercise_sources}"
                          "${workbook_warnings}")
    workbook_race_program(${number} exercise race_exercise_${number})
    if(solution_sources)
      workbook_race_objects(race_solution_${number} ${topic} "${solution_sources}"
                            "${workbook_strict}")
      workbook_race_program(${number} solution race_solution_${number})
    endif()

    # Wrong programs built without OpenMP have one thread: nothing to race.
    file(GLOB wrong_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/wrong/${topic}/*.c)
    foreach(source IN LISTS wrong_sources)
      file(STRINGS ${source} marker REGEX "build: without-openmp")
      if(marker)
        continue()
      endif()
      get_filename_component(name ${source} NAME_WE)
      workbook_race_objects(race_wrong_${number}_${name} ${topic} "${source}" "-w")
      workbook_race_program(${number} wrong-${name} race_wrong_${number}_${name})
    endforeach()

    add_test(NAME race:${topic} COMMAND ${workbook_selftest} race ${topic})
    # Never two TSan runs at once: the machine is small and shared.
    set_tests_properties(race:${topic} PROPERTIES RUN_SERIAL TRUE)
  endforeach()
endfunction()
