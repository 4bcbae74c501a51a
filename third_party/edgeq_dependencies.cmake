# Finds every dependency edgeq builds against. Each comes from a Debian bookworm package; when one is
# missing, the error names the package to install (third_party/install_deps.sh installs them all).

macro(edgeq_require found what package)
  if(NOT ${found})
    message(FATAL_ERROR "edgeq: ${what} not found. Install the Debian package '${package}' "
                        "(or run third_party/install_deps.sh as root).")
  endif()
endmacro()

find_package(FlatBuffers CONFIG QUIET)
find_program(EDGEQ_FLATC flatc)
edgeq_require(FlatBuffers_FOUND "FlatBuffers library" libflatbuffers-dev)
edgeq_require(EDGEQ_FLATC "flatc compiler" flatbuffers-compiler)

find_package(Threads REQUIRED)

if(EDGEQ_BUILD_TOOLS)
  find_package(Protobuf QUIET)
  edgeq_require(Protobuf_FOUND "Protocol Buffers" libprotobuf-dev)
  find_package(ONNX CONFIG QUIET)
  edgeq_require(ONNX_FOUND "ONNX" libonnx-dev)
endif()

if(EDGEQ_BUILD_TESTS)
  find_package(GTest CONFIG QUIET)
  if(NOT GTest_FOUND)
    find_package(GTest QUIET)
  endif()
  edgeq_require(GTest_FOUND "GoogleTest" "libgtest-dev libgmock-dev")
endif()

if(EDGEQ_BUILD_BENCHMARKS)
  find_package(benchmark CONFIG QUIET)
  edgeq_require(benchmark_FOUND "Google Benchmark" libbenchmark-dev)
endif()
