# Directory search benchmark (bench_directory.cpp): native, and in the wasm tree as a node program.
add_executable(yishi_bench_directory bench_directory.cpp)
target_link_libraries(yishi_bench_directory PRIVATE yishi::core)
if(EMSCRIPTEN)
  target_link_options(yishi_bench_directory PRIVATE -sSINGLE_FILE=1 -sENVIRONMENT=node -sALLOW_MEMORY_GROWTH=1)
endif()
