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

# XNNPACK, pthreadpool and cpuinfo (the XNNPACK delegate and its own kernels). Debian ships no CMake
# package for the first two, so each is found by header and library and wrapped in an imported
# target: edgeq::xnnpack, edgeq::pthreadpool, edgeq::cpuinfo.
function(edgeq_find_c_library name header library package)
  find_path(EDGEQ_${name}_INCLUDE_DIR ${header})
  find_library(EDGEQ_${name}_LIBRARY ${library})
  if(NOT EDGEQ_${name}_INCLUDE_DIR OR NOT EDGEQ_${name}_LIBRARY)
    edgeq_require(FALSE "${header} / lib${library}" ${package})
  endif()
  add_library(edgeq::${name} UNKNOWN IMPORTED)
  set_target_properties(edgeq::${name} PROPERTIES
    IMPORTED_LOCATION "${EDGEQ_${name}_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${EDGEQ_${name}_INCLUDE_DIR}")
endfunction()
edgeq_find_c_library(xnnpack xnnpack.h XNNPACK libxnnpack-dev)
edgeq_find_c_library(pthreadpool pthreadpool.h pthreadpool libpthreadpool-dev)
edgeq_find_c_library(cpuinfo cpuinfo.h cpuinfo libcpuinfo-dev)
set_property(TARGET edgeq::xnnpack PROPERTY
  INTERFACE_LINK_LIBRARIES edgeq::pthreadpool edgeq::cpuinfo Threads::Threads)

if(EDGEQ_BUILD_TOOLS)
  find_package(Protobuf QUIET)
  edgeq_require(Protobuf_FOUND "Protocol Buffers" libprotobuf-dev)
  find_package(ONNX CONFIG QUIET)
  edgeq_require(ONNX_FOUND "ONNX" libonnx-dev)
  # Image decoding for calibration data given as a folder of PNG/JPEG files (the quantizer).
  find_package(PNG QUIET)
  edgeq_require(PNG_FOUND "libpng" libpng-dev)
  find_package(JPEG QUIET)
  edgeq_require(JPEG_FOUND "libjpeg" libjpeg62-turbo-dev)
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
