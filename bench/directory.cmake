# Directory search benchmark (bench_directory.cpp): native, and in the wasm tree as a node program.
add_executable(yishi_bench_directory bench_directory.cpp)
target_link_libraries(yishi_bench_directory PRIVATE yishi::core)
if(EMSCRIPTEN)
  target_link_options(yishi_bench_directory PRIVATE -sSINGLE_FILE=1 -sENVIRONMENT=node -sALLOW_MEMORY_GROWTH=1)
  # The app's SQLite has no FTS5 (cmake/Dependencies.cmake); the FTS5 baseline needs it. Its objects
  # are linked directly, so the library copy in yishi::sqlite is never pulled in.
  add_library(yishi_bench_sqlite_fts5 OBJECT "${YISHI_DEPS_DIR}/sqlite/sqlite3.c")
  target_compile_definitions(yishi_bench_sqlite_fts5 PRIVATE ${YISHI_WASM_SQLITE_DEFINITIONS} SQLITE_ENABLE_FTS5)
  target_compile_options(yishi_bench_sqlite_fts5 PRIVATE ${YISHI_WASM_SIZE_FLAGS} -w)
  target_sources(yishi_bench_directory PRIVATE $<TARGET_OBJECTS:yishi_bench_sqlite_fts5>)
endif()
