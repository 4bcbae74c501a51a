#!/usr/bin/env bash
# Builds edgeq and runs every test with ctest.
#   scripts/test.sh              Release build (warnings are errors) in build-release/
#   scripts/test.sh --sanitize   AddressSanitizer + UndefinedBehaviorSanitizer build in build-sanitize/
#   scripts/test.sh --tsan       ThreadSanitizer build in build-tsan/ of the multi-threaded suite only
#                                (several Methods of one Program executing at once)
# The sanitizer run can also be chosen with EDGEQ_SANITIZE=1. EDGEQ_BUILD_DIR overrides the build
# directory, EDGEQ_JOBS the parallelism (default 2). Exits non-zero when anything fails.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sanitize=${EDGEQ_SANITIZE:-0}
tsan=0
for arg in "$@"; do
  case "$arg" in
    --sanitize) sanitize=1 ;;
    --tsan) tsan=1 ;;
    -h|--help) sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "test.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done
jobs=${EDGEQ_JOBS:-2}

"$repo/third_party/install_deps.sh"

cmake_args=(-G Ninja -DEDGEQ_BUILD_TESTS=ON -DEDGEQ_BUILD_TOOLS=ON)
build_targets=()
test_filter=()
if [[ "$tsan" == 1 ]]; then
  build_dir=${EDGEQ_BUILD_DIR:-$repo/build-tsan}
  cmake_args+=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DEDGEQ_SANITIZE_THREAD=ON -DEDGEQ_WERROR=OFF
               -DEDGEQ_BUILD_EXAMPLES=OFF)
  build_targets=(--target concurrency_tests)
  test_filter=(-R ConcurrentMethods)
  export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}
elif [[ "$sanitize" == 1 ]]; then
  build_dir=${EDGEQ_BUILD_DIR:-$repo/build-sanitize}
  # Warnings are errors in the Release build only: GCC's flow-based warnings (maybe-uninitialized,
  # array-bounds) report false positives on sanitizer-instrumented code.
  cmake_args+=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DEDGEQ_SANITIZE=ON -DEDGEQ_WERROR=OFF)
  # Any sanitizer report fails the test that triggered it.
  export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:strict_string_checks=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
else
  build_dir=${EDGEQ_BUILD_DIR:-$repo/build-release}
  cmake_args+=(-DCMAKE_BUILD_TYPE=Release -DEDGEQ_WERROR=ON)
fi

start=$(date +%s)
echo "== configure ($build_dir)"
cmake -S "$repo" -B "$build_dir" "${cmake_args[@]}"
echo "== build"
cmake --build "$build_dir" -j "$jobs" "${build_targets[@]}"
echo "== test"
ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" "${test_filter[@]}"
echo "== all tests passed in $(( $(date +%s) - start )) s ($build_dir)"
