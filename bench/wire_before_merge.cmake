# bench/wire_before_merge.cmake — lets bench/run_tally_bench.sh build the benchmark before the top-level
# CMakeLists.txt has `add_subdirectory(bench)`: passed as CMAKE_PROJECT_INCLUDE, it includes
# bench/tally.cmake at the end of the top-level file (deferred, so yishi::core and the C++ standard
# are already set; the binary then lands in the build root, not build/bench). Not needed once wired.
cmake_language(DEFER CALL include bench/tally.cmake)
