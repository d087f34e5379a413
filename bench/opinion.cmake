# bench/opinion.cmake — the opinion-map benchmark (bench_opinion.cpp), native and wasm.
#   native: ./build/native/bench/yishi_bench_opinion
#   wasm:   node --no-experimental-fetch build/wasm/bench/yishi_bench_opinion.js
# bench/run_opinion_bench.sh builds and runs both and prints the wasm/native ratio.
add_executable(yishi_bench_opinion ${CMAKE_CURRENT_LIST_DIR}/bench_opinion.cpp)
target_link_libraries(yishi_bench_opinion PRIVATE yishi::core)
# Pol.is open data (CC BY 4.0, attribution in its README) in tests/data/polis.
target_compile_definitions(yishi_bench_opinion PRIVATE YISHI_POLIS_DIR="${CMAKE_SOURCE_DIR}/tests/data/polis")
if(EMSCRIPTEN)
  # NODERAWFS reads the Pol.is file; the dense reference of 10,000 × 2,000 needs 160 MB.
  target_link_options(yishi_bench_opinion PRIVATE -sSINGLE_FILE=1 -sNODERAWFS=1 -sALLOW_MEMORY_GROWTH=1
    -sMAXIMUM_MEMORY=2GB -sENVIRONMENT=node -sEXIT_RUNTIME=1)
endif()
