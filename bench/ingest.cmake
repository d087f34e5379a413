# Ingest benchmark (bench_ingest.cpp), native only: the real server in-process over loopback HTTP,
# N keep-alive clients posting pre-signed comments; prints accepted/s, p50/p99 and the ratio to raw
# single-core Ed25519 verify/s measured in the same run.
if(NOT EMSCRIPTEN)
  add_executable(yishi_bench_ingest bench_ingest.cpp)
  target_link_libraries(yishi_bench_ingest PRIVATE yishi_server_lib)
endif()
