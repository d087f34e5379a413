# The web build is pinned to one Emscripten version (emsdk-version.txt): Debian bookworm's package
# or an emsdk of the same version. Any other emcc is refused with instructions.
file(READ "${CMAKE_SOURCE_DIR}/emsdk-version.txt" YISHI_EMSDK_WANTED)
string(STRIP "${YISHI_EMSDK_WANTED}" YISHI_EMSDK_WANTED)

get_filename_component(_emcc_dir "${CMAKE_C_COMPILER}" DIRECTORY)
find_program(YISHI_EMCC NAMES emcc HINTS "${_emcc_dir}" NO_DEFAULT_PATH)
if(NOT YISHI_EMCC)
  find_program(YISHI_EMCC NAMES emcc)
endif()
execute_process(COMMAND "${YISHI_EMCC}" --version OUTPUT_VARIABLE _emcc_out ERROR_QUIET)
string(REGEX MATCH "[0-9]+\\.[0-9]+\\.[0-9]+" YISHI_EMSDK_FOUND "${_emcc_out}")
if(NOT YISHI_EMSDK_FOUND STREQUAL YISHI_EMSDK_WANTED)
  message(FATAL_ERROR
    "Emscripten ${YISHI_EMSDK_FOUND} found (${YISHI_EMCC}), but this project is pinned to "
    "${YISHI_EMSDK_WANTED} (emsdk-version.txt).\n"
    "Fix: on Debian bookworm `apt-get install emscripten` (it is ${YISHI_EMSDK_WANTED}), or "
    "`./emsdk install ${YISHI_EMSDK_WANTED} && ./emsdk activate ${YISHI_EMSDK_WANTED} && source ./emsdk_env.sh`.")
endif()
message(STATUS "Emscripten ${YISHI_EMSDK_FOUND} (pinned ${YISHI_EMSDK_WANTED})")

# Debian's emcc runs its JS optimizer under the machine's node, which must find Debian's acorn.
if(EXISTS /usr/share/nodejs/acorn)
  set_property(GLOBAL PROPERTY RULE_LAUNCH_LINK "${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs")
endif()
