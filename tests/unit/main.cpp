// main.cpp — doctest's runner for the core unit tests (native and wasm share this file).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
