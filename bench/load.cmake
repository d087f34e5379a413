# yishi_load (load.cpp), native only: a load generator in its own process. It starts a real
# `yishi-server serve` as a child, then drives N keep-alive connections from one epoll thread with
# pre-signed comments; prints accepted/s, p50/p99 and the ratio to raw single-core verify/s.
# Run: build/native/bench/yishi_load --server build/native/server/yishi-server --connections 32
if(NOT EMSCRIPTEN)
  add_executable(yishi_load load.cpp)
  target_link_libraries(yishi_load PRIVATE yishi_server_lib)
  add_dependencies(yishi_load yishi-server)
endif()
