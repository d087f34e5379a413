# Dependencies, as targets the rest of the build links against:
#   yishi::sodium  libsodium   (native: Debian libsodium-dev; wasm: compiled from the pinned source)
#   yishi::sqlite  SQLite      (native: Debian libsqlite3-dev; wasm: pinned amalgamation, FTS5)
#   yishi::imgui   Dear ImGui  (both: pinned 1.86 source, built with the test-engine item hooks)
#   yishi::headers doctest, nlohmann-json (Debian header-only packages, usable from emcc too)

# A missing Debian package gets one line that says which package to install.
function(yishi_require_file path package)
  if(NOT EXISTS "${path}")
    message(FATAL_ERROR "${path} not found: apt-get install ${package}")
  endif()
endfunction()

# [SECTION] Pinned third-party sources (fetched at configure time into the build tree)
set(YISHI_DEPS_DIR "${CMAKE_BINARY_DIR}/_deps")
# SQLite features no query of the app uses, left out of the wasm build's parser too: the amalgamation
# is generated without them (window functions, views, WITH, REINDEX, ANALYZE, EXPLAIN; checked against
# shared/src and client/: none appears). Kept: triggers (ALTER TABLE ADD COLUMN checks its constraints
# with raise(), and foreign keys need them) and ATTACH (OMIT_ATTACH does not link in 3.40). Issue 19.
set(YISHI_WASM_SQLITE_PARSER_OMITS)
if(EMSCRIPTEN)
  set(YISHI_WASM_SQLITE_PARSER_OMITS SQLITE_OMIT_WINDOWFUNC SQLITE_OMIT_VIEW
      SQLITE_OMIT_CTE SQLITE_OMIT_REINDEX SQLITE_OMIT_ANALYZE SQLITE_OMIT_EXPLAIN)
endif()
string(REPLACE ";" " " _sqlite_opts "${YISHI_WASM_SQLITE_PARSER_OMITS}")
execute_process(
  COMMAND "${CMAKE_SOURCE_DIR}/scripts/fetch-deps.sh" "${YISHI_DEPS_DIR}" "${_sqlite_opts}"
  RESULT_VARIABLE _fetch_rc)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/scripts/fetch-deps.sh")
if(NOT _fetch_rc EQUAL 0)
  message(FATAL_ERROR "scripts/fetch-deps.sh failed (see its message above)")
endif()

# [SECTION] Header-only libraries from Debian, exposed through a private include root so that
# emcc never sees /usr/include as a whole.
yishi_require_file(/usr/include/doctest/doctest.h doctest-dev)
yishi_require_file(/usr/include/nlohmann/json.hpp nlohmann-json3-dev)
set(_hdr "${CMAKE_BINARY_DIR}/_headers")
file(MAKE_DIRECTORY "${_hdr}")
foreach(_d doctest nlohmann)
  if(NOT EXISTS "${_hdr}/${_d}")
    file(CREATE_LINK "/usr/include/${_d}" "${_hdr}/${_d}" SYMBOLIC)
  endif()
endforeach()
add_library(yishi_headers INTERFACE)
target_include_directories(yishi_headers SYSTEM INTERFACE "${_hdr}")
add_library(yishi::headers ALIAS yishi_headers)

# [SECTION] Size over speed for code that is not on a hot path in the browser (the UI, SQLite's
# parser): -Oz, and the app's link at -Oz too (client/CMakeLists.txt). The core stays at -O3.
set(YISHI_WASM_SIZE_FLAGS -Oz)

# [SECTION] Dear ImGui
set(_imgui "${YISHI_DEPS_DIR}/imgui")
add_library(yishi_imgui STATIC
  ${_imgui}/imgui.cpp ${_imgui}/imgui_draw.cpp ${_imgui}/imgui_widgets.cpp ${_imgui}/imgui_tables.cpp
  ${_imgui}/misc/cpp/imgui_stdlib.cpp ${_imgui}/backends/imgui_impl_opengl3.cpp)
target_include_directories(yishi_imgui SYSTEM PUBLIC ${_imgui} ${_imgui}/backends ${_imgui}/misc/cpp)
# Item hooks only (the Test Engine itself is not used): the client publishes visible widgets to tests.
# IMGUI_USE_WCHAR32: code points above U+FFFF (CJK Extensions B-G, e.g. 𠀀 U+20000) in the atlas. PUBLIC,
# so every translation unit that includes imgui.h sees the same ImWchar.
target_compile_definitions(yishi_imgui PUBLIC IMGUI_ENABLE_TEST_ENGINE IMGUI_DISABLE_OBSOLETE_FUNCTIONS
  IMGUI_USE_WCHAR32)
if(EMSCRIPTEN)
  target_compile_definitions(yishi_imgui PRIVATE IMGUI_IMPL_OPENGL_ES3)   # WebGL2
  target_compile_options(yishi_imgui PRIVATE ${YISHI_WASM_SIZE_FLAGS})
else()
  target_link_libraries(yishi_imgui PRIVATE ${CMAKE_DL_LIBS})              # the backend's GL loader
endif()
add_library(yishi::imgui ALIAS yishi_imgui)

if(EMSCRIPTEN)
  # [SECTION] libsodium for wasm (kept at -O2: signature checks are the browser's hot path; the linker
  # keeps only the primitives the core calls).: every source file, as its own build would, minus configure.
  set(_na "${YISHI_DEPS_DIR}/libsodium/src/libsodium")
  file(GLOB_RECURSE _sodium_src CONFIGURE_DEPENDS "${_na}/*.c")
  add_library(yishi_sodium STATIC ${_sodium_src})
  target_include_directories(yishi_sodium SYSTEM PUBLIC ${_na}/include PRIVATE ${_na}/include/sodium)
  target_compile_definitions(yishi_sodium PUBLIC SODIUM_STATIC PRIVATE CONFIGURED=1)
  target_compile_options(yishi_sodium PRIVATE -O2 -w)
  add_library(yishi::sodium ALIAS yishi_sodium)

  # [SECTION] SQLite for wasm: single-threaded, no extension loading, built for size; the
  # SQLITE_OMIT_* below drop features no query in shared/ uses (checked against store*.cpp; with
  # those that change the parser, above). No FTS5:
  # nothing in shared/ or client/ makes a virtual table (the directory has its own index), and FTS5
  # would be about 50 KB of every phone's first download (issue 19). The directory benchmark, which
  # compares against FTS5, compiles its own copy with it (bench/directory.cmake).
  set(YISHI_WASM_SQLITE_DEFINITIONS SQLITE_THREADSAFE=0
    SQLITE_OMIT_LOAD_EXTENSION SQLITE_DQS=0 SQLITE_DEFAULT_MEMSTATUS=0
    SQLITE_OMIT_DEPRECATED SQLITE_OMIT_PROGRESS_CALLBACK SQLITE_OMIT_SHARED_CACHE SQLITE_OMIT_TCL_VARIABLE
    SQLITE_OMIT_AUTHORIZATION SQLITE_OMIT_COMPLETE SQLITE_OMIT_GET_TABLE
    SQLITE_OMIT_COMPILEOPTION_DIAGS SQLITE_OMIT_JSON SQLITE_MAX_EXPR_DEPTH=0 ${YISHI_WASM_SQLITE_PARSER_OMITS})
  add_library(yishi_sqlite STATIC "${YISHI_DEPS_DIR}/sqlite/sqlite3.c")
  target_include_directories(yishi_sqlite SYSTEM PUBLIC "${YISHI_DEPS_DIR}/sqlite")
  target_compile_definitions(yishi_sqlite PRIVATE ${YISHI_WASM_SQLITE_DEFINITIONS})
  target_compile_options(yishi_sqlite PRIVATE ${YISHI_WASM_SIZE_FLAGS} -w)
  add_library(yishi::sqlite ALIAS yishi_sqlite)

  # QR codes on the committee's printable enrolment slips (client/model/codes.cpp).
  add_library(yishi_qrcodegen STATIC "${YISHI_DEPS_DIR}/qrcodegen/c/qrcodegen.c")
  target_include_directories(yishi_qrcodegen SYSTEM PUBLIC "${YISHI_DEPS_DIR}/qrcodegen/c")
  target_compile_options(yishi_qrcodegen PRIVATE ${YISHI_WASM_SIZE_FLAGS} -w)
  add_library(yishi::qrcodegen ALIAS yishi_qrcodegen)
else()
  find_package(PkgConfig QUIET)
  if(PkgConfig_FOUND)
    pkg_check_modules(SODIUM QUIET IMPORTED_TARGET libsodium)
  endif()
  if(NOT SODIUM_FOUND)
    message(FATAL_ERROR "libsodium not found: apt-get install libsodium-dev pkg-config")
  endif()
  add_library(yishi::sodium ALIAS PkgConfig::SODIUM)

  find_package(SQLite3 QUIET)
  if(NOT SQLite3_FOUND)
    message(FATAL_ERROR "SQLite not found: apt-get install libsqlite3-dev")
  endif()
  add_library(yishi::sqlite ALIAS SQLite::SQLite3)

  find_package(Threads REQUIRED)
  # Debian builds cpp-httplib as a shared library with OpenSSL, zlib and brotli support; the
  # pkg-config flags must match it (they change class layouts).
  pkg_check_modules(HTTPLIB QUIET IMPORTED_TARGET cpp-httplib)
  if(NOT HTTPLIB_FOUND)
    message(FATAL_ERROR "cpp-httplib not found: apt-get install libcpp-httplib-dev")
  endif()
  add_library(yishi::httplib ALIAS PkgConfig::HTTPLIB)
  pkg_check_modules(QRCODEGEN QUIET IMPORTED_TARGET qrcodegen)
  if(NOT QRCODEGEN_FOUND)
    message(FATAL_ERROR "qrcodegen not found: apt-get install libqrcodegen-dev")
  endif()
  add_library(yishi::qrcodegen ALIAS PkgConfig::QRCODEGEN)
  yishi_require_file(/usr/include/CLI/CLI.hpp libcli11-dev)
endif()
