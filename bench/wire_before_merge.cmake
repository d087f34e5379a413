# bench/wire_before_merge.cmake — lets bench/run_tally_bench.sh build the benchmark before the top-level
# CMakeLists.txt has `add_subdirectory(bench)`: passed as CMAKE_PROJECT_INCLUDE, it defers that
# line to the end of the top-level file. Not needed (and not used) once bench/ is wired in.
cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL add_subdirectory ${CMAKE_CURRENT_LIST_DIR})
