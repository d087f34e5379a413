# Protocol micro-benchmarks (bench_protocol.cpp), native only: envelope encode/sign/verify, Merkle
# append and proofs, each beside raw libsodium verify measured in the same run.
if(NOT EMSCRIPTEN)
  add_executable(yishi_bench_protocol bench_protocol.cpp)
  target_include_directories(yishi_bench_protocol PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/../tests/unit)  # protocol_samples.hpp
  target_link_libraries(yishi_bench_protocol PRIVATE yishi::core)
endif()
