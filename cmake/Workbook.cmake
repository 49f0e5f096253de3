# How one topic (lessons/NN-slug, exercises/NN-slug, solutions/NN-slug,
# tests/NN-slug.c, tests/wrong/NN-slug/) becomes targets and self-checks.
#
# Target names, all keyed by the topic's number NN:
#   lesson-NN-<program>      each lessons/NN-slug/*.c that defines main()
#   grade-NN-exercise        the graded tests linked with the student's code
#   grade-NN-solution        the same tests linked with the reference solution
#   grade-NN-wrong-<name>    the same tests linked with a known-wrong program
#   memory-NN-<variant>      each grader again, built with AddressSanitizer and
#                            LeakSanitizer, for the memory check
# The implementation libraries (exercise_NN, solution_NN, wrong_NN_<name>)
# are what the symbol policy inspects before anything of them runs.

set(workbook_selftest
    ${CMAKE_COMMAND} -E env PYTHONPATH=${PROJECT_SOURCE_DIR}/tools
    ${Python3_EXECUTABLE} -m workbook.selftest --build-dir ${PROJECT_BINARY_DIR})

# True when a C file defines main(): such a file is a program, any other
# .c file beside it is support code shared by that folder's programs.
function(workbook_is_program file out)
  file(STRINGS ${file} mains REGEX "^int[ \t]+main[ \t]*\\(")
  if(mains)
    set(${out} TRUE PARENT_SCOPE)
  else()
    set(${out} FALSE PARENT_SCOPE)
  endif()
endfunction()

# The graded tests of one topic, compiled once (with and without the memory
# check's sanitizers) and linked with each implementation.
function(workbook_add_test_objects number topic)
  add_library(tests_${number} OBJECT ${PROJECT_SOURCE_DIR}/tests/${topic}.c)
  target_link_libraries(tests_${number} PRIVATE workbook_grading)
  target_include_directories(tests_${number} PRIVATE ${PROJECT_SOURCE_DIR}/exercises/${topic}
                             ${PROJECT_SOURCE_DIR}/lessons/${topic})
  target_compile_options(tests_${number} PRIVATE ${workbook_strict})
  if(WORKBOOK_MEMORY_CHECKS)
    add_library(tests_${number}_memory OBJECT ${PROJECT_SOURCE_DIR}/tests/${topic}.c)
    target_link_libraries(tests_${number}_memory PRIVATE workbook_grading_memory)
    target_include_directories(tests_${number}_memory PRIVATE
                               ${PROJECT_SOURCE_DIR}/exercises/${topic}
                               ${PROJECT_SOURCE_DIR}/lessons/${topic})
    target_compile_options(tests_${number}_memory PRIVATE ${workbook_strict}
                           ${workbook_memory_flags})
  endif()
endfunction()

# Every program that links a student's code has full RELRO: the dynamic
# linker's tables (the GOT) are read-only once it has started, so code under
# test cannot point the harness's calls (omp_get_thread_num, gettid) at its
# own functions.
set(workbook_hardening "LINKER:-z,relro,-z,now")

function(workbook_add_grader number variant impl)
  set(target grade-${number}-${variant})
  add_executable(${target} $<TARGET_OBJECTS:tests_${number}>)
  target_link_libraries(${target} PRIVATE ${impl} workbook_grading)
  target_link_options(${target} PRIVATE ${workbook_hardening})
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/grade)
  if(WORKBOOK_MEMORY_CHECKS)
    set(target memory-${number}-${variant})
    add_executable(${target} $<TARGET_OBJECTS:tests_${number}_memory>)
    target_link_libraries(${target} PRIVATE ${impl}_memory workbook_grading_memory)
    target_link_options(${target} PRIVATE ${workbook_memory_flags} ${workbook_hardening})
    set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY
                          ${PROJECT_BINARY_DIR}/grade)
  endif()
endfunction()

# One implementation library, `name`, and its memory-check twin.
function(workbook_impl_library name topic sources options memory)
  add_library(${name} STATIC ${sources})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/exercises/${topic})
  if(TARGET lesson_support_${topic})
    target_link_libraries(${name} PUBLIC lesson_support_${topic})
  endif()
  set(without_openmp FALSE)
  foreach(source IN LISTS sources)
    file(STRINGS ${source} marker REGEX "build: without-openmp")
    if(marker)
      set(without_openmp TRUE)
    endif()
  endforeach()
  if(without_openmp)
    target_link_libraries(${name} PUBLIC ${workbook_omp_libraries})
  else()
    target_link_libraries(${name} PUBLIC OpenMP::OpenMP_C)
  endif()
  # The maths functions the symbol policy allows (sqrt, ceil, ...) need libm.
  target_link_libraries(${name} PUBLIC m)
  target_compile_options(${name} PRIVATE ${options} ${memory})
endfunction()

# An implementation of a topic's exercise API: the student's, the solution,
# or a wrong program. Wrong programs that say "build: without-openmp" are
# compiled without the OpenMP flag, as a student's hand-made build might be.
function(workbook_add_impl name topic sources options)
  workbook_impl_library(${name} ${topic} "${sources}" "${options}" "")
  if(WORKBOOK_MEMORY_CHECKS)
    workbook_impl_library(${name}_memory ${topic} "${sources}" "${options}"
                          "${workbook_memory_flags}")
  endif()
endfunction()

function(workbook_add_topic topic)
  string(SUBSTRING ${topic} 0 2 number)
  set(lesson_dir ${PROJECT_SOURCE_DIR}/lessons/${topic})

  # Lesson programs, and the support code they share.
  file(GLOB lesson_sources CONFIGURE_DEPENDS ${lesson_dir}/*.c)
  set(programs "")
  set(support "")
  foreach(source IN LISTS lesson_sources)
    workbook_is_program(${source} is_program)
    if(is_program)
      list(APPEND programs ${source})
    else()
      list(APPEND support ${source})
    endif()
  endforeach()
  if(support)
    add_library(lesson_support_${topic} STATIC ${support})
    target_include_directories(lesson_support_${topic} PUBLIC ${lesson_dir})
    # PRIVATE: -fopenmp must not leak into a wrong program that is built
    # without it on purpose (only the link dependency carries over).
    target_link_libraries(lesson_support_${topic} PRIVATE OpenMP::OpenMP_C)
    target_compile_options(lesson_support_${topic} PRIVATE ${workbook_strict})
  endif()
  foreach(source IN LISTS programs)
    get_filename_component(program ${source} NAME_WE)
    set(target lesson-${number}-${program})
    add_executable(${target} ${source})
    target_link_libraries(${target} PRIVATE OpenMP::OpenMP_C m)
    if(support)
      target_link_libraries(${target} PRIVATE lesson_support_${topic})
    endif()
    target_compile_options(${target} PRIVATE ${workbook_strict})
    set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/lessons)
  endforeach()
  if(programs)
    add_test(NAME lesson:${topic} COMMAND ${workbook_selftest} lesson ${topic})
    add_test(NAME transcripts:${topic} COMMAND ${workbook_selftest} transcripts ${topic})
    add_test(NAME lesson-code:${topic} COMMAND ${workbook_selftest} lesson-code ${topic})
  endif()

  # The exercise, its solution, and the graded tests for both.
  if(NOT EXISTS ${PROJECT_SOURCE_DIR}/tests/${topic}.c)
    return()
  endif()
  file(GLOB exercise_sources CONFIGURE_DEPENDS ${WORKBOOK_EXERCISES_DIR}/${topic}/*.c)
  file(GLOB solution_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/solutions/${topic}/*.c)
  workbook_add_test_objects(${number} ${topic})
  workbook_add_impl(exercise_${number} ${topic} "${exercise_sources}" "${workbook_warnings}")
  workbook_add_grader(${number} exercise exercise_${number})
  add_test(NAME exercise:${topic} COMMAND ${workbook_selftest} exercise ${topic})
  # A student's copy may come without solutions/ (the instructor kept them).
  if(solution_sources)
    workbook_add_impl(solution_${number} ${topic} "${solution_sources}" "${workbook_strict}")
    workbook_add_grader(${number} solution solution_${number})
    add_test(NAME solution:${topic} COMMAND ${workbook_selftest} solution ${topic})
  endif()

  # Known-wrong programs: each must lose the points its header names.
  file(GLOB wrong_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/wrong/${topic}/*.c)
  foreach(source IN LISTS wrong_sources)
    get_filename_component(name ${source} NAME_WE)
    # Wrong on purpose, so their warnings are expected noise.
    workbook_add_impl(wrong_${number}_${name} ${topic} "${source}" "-w")
    workbook_add_grader(${number} wrong-${name} wrong_${number}_${name})
    add_test(NAME wrong:${topic}:${name} COMMAND ${workbook_selftest} wrong ${topic} ${name})
    # A race shows only while the racing threads have the cores to themselves:
    # a wrong program runs with no other self-test beside it.
    set_tests_properties(wrong:${topic}:${name} PROPERTIES RUN_SERIAL TRUE)
  endforeach()

  # Hostile submissions and mutants of the solution, graded in the
  # self-test's grading tree as an instructor grades a class (once per
  # self-test run: with gcc).
  if(CMAKE_C_COMPILER_ID STREQUAL "GNU" AND solution_sources)
    add_test(NAME mutation:${topic} COMMAND ${workbook_selftest} mutation ${topic})
    set_tests_properties(mutation:${topic} PROPERTIES
                         FIXTURES_REQUIRED grading_tree RESOURCE_LOCK grading_tree)
  endif()
  if(CMAKE_C_COMPILER_ID STREQUAL "GNU")
    file(GLOB hostile_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/hostile/${topic}/*.c)
    foreach(source IN LISTS hostile_sources)
      get_filename_component(name ${source} NAME_WE)
      add_test(NAME hostile:${topic}:${name} COMMAND ${workbook_selftest} hostile ${topic} ${name})
      set_tests_properties(hostile:${topic}:${name} PROPERTIES
                           FIXTURES_REQUIRED grading_tree RESOURCE_LOCK grading_tree)
    endforeach()
  endif()
endfunction()

# Checks over the whole workbook rather than one topic.
function(workbook_add_project_checks)
  add_test(NAME project:grading-tree COMMAND ${workbook_selftest} tree-setup)
  set_tests_properties(project:grading-tree PROPERTIES FIXTURES_SETUP grading_tree
                       RESOURCE_LOCK grading_tree)
  add_test(NAME project:layout COMMAND ${workbook_selftest} layout)
  add_test(NAME project:metadata COMMAND ${workbook_selftest} metadata)
  add_test(NAME project:figures COMMAND ${workbook_selftest} figures)
  # ./workbook bench on lesson 08, and lesson 08's strong-scaling sweep
  # submitted to a one-node Slurm cluster (started by the check when none is
  # up): once per self-test run, with gcc, alone, as they time things.
  if(CMAKE_C_COMPILER_ID STREQUAL "GNU")
    add_test(NAME project:bench COMMAND ${workbook_selftest} bench)
    add_test(NAME project:slurm COMMAND ${workbook_selftest} slurm)
    set_tests_properties(project:bench project:slurm PROPERTIES RUN_SERIAL TRUE)
  endif()
  # ./workbook as a student drives it, in a private copy of the tree that
  # builds itself with gcc: once per self-test run is enough.
  if(CMAKE_C_COMPILER_ID STREQUAL "GNU")
    foreach(suite commands watch grade classroom slurm)
      add_test(NAME cli:${suite}
               COMMAND ${Python3_EXECUTABLE} -m unittest -v test_${suite}
               WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}/tests/cli)
    endforeach()
    # The one-node Slurm cluster is shared with project:slurm: one at a time.
    set_tests_properties(cli:slurm PROPERTIES RUN_SERIAL TRUE)
  endif()
endfunction()
