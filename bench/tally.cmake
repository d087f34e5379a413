# bench/tally.cmake — the tally benchmark (bench_tally.cpp), native and wasm.
#   native: ./build/native/bench/yishi_bench_tally
#   wasm:   node --no-experimental-fetch build/wasm/bench/yishi_bench_tally.js
# bench/run_tally_bench.sh builds and runs both and prints the wasm/native ratio.
add_executable(yishi_bench_tally ${CMAKE_CURRENT_LIST_DIR}/bench_tally.cpp)
target_link_libraries(yishi_bench_tally PRIVATE yishi::core)
if(EMSCRIPTEN)
  # One self-contained .js for node; a million ballots need room to grow.
  target_link_options(yishi_bench_tally PRIVATE -sSINGLE_FILE=1 -sALLOW_MEMORY_GROWTH=1
    -sENVIRONMENT=node -sEXIT_RUNTIME=1)
endif()
