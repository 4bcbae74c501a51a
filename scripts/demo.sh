#!/usr/bin/env bash
# The edgeq demo: installs what is missing, builds the edgeq tool, then compiles the bundled small
# CNN (examples/models/demo_cnn.onnx; the XNNPACK delegate takes what it supports), inspects the
# program file and runs it, comparing the result with PyTorch's output for the same input; then
# quantizes it to int8 (W8A8) and compares the quantized program with the float model, layer by
# layer. EDGEQ_BUILD_DIR overrides the build directory.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${EDGEQ_BUILD_DIR:-$repo/build-demo}
models=$repo/examples/models
work=$build_dir/demo
python=/usr/bin/python3  # Debian's interpreter: the one with python3-numpy/-torch/-onnx

step() { printf '\n== %s\n' "$*"; }

step "Installing missing Debian packages (if any)"
"$repo/third_party/install_deps.sh"

step "Building the edgeq tool (Release) in $build_dir"
mkdir -p "$build_dir"
cmake -S "$repo" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DEDGEQ_BUILD_TESTS=OFF \
  > "$build_dir/configure.log" 2>&1 || { cat "$build_dir/configure.log"; exit 1; }
cmake --build "$build_dir" --target edgeq -j "${EDGEQ_JOBS:-2}"
edgeq=$build_dir/tools/edgeq

if [[ ! -f "$models/demo_cnn.onnx" ]]; then
  step "Making the demo model with PyTorch (scripts/make_demo_model.py)"
  "$python" "$repo/scripts/make_demo_model.py" --out-dir "$models"
fi
mkdir -p "$work"
onnx_bytes=$(stat -c %s "$models/demo_cnn.onnx")

step "Compiling the ONNX model ($onnx_bytes bytes) into a program file"
echo "\$ edgeq compile demo_cnn.onnx -o demo_cnn.eqp"
"$edgeq" compile "$models/demo_cnn.onnx" -o "$work/demo_cnn.eqp"

step "Inspecting the program file"
echo "\$ edgeq inspect demo_cnn.eqp"
"$edgeq" inspect "$work/demo_cnn.eqp"

step "Running it on PyTorch's test input (a batch of 2; the program was compiled at batch 1)"
echo "\$ edgeq run demo_cnn.eqp --input demo_cnn.input.npy --output logits.npy --iters 20"
"$edgeq" run "$work/demo_cnn.eqp" --input "$models/demo_cnn.input.npy" \
  --output "$work/logits.npy" --iters 20

step "Comparing with PyTorch's output for the same input"
"$python" - "$work/logits.npy" "$models/demo_cnn.output.npy" <<'PY'
import sys
import numpy as np
ours, reference = np.load(sys.argv[1]), np.load(sys.argv[2])
diff = float(np.max(np.abs(ours - reference)))
same_class = bool((ours.argmax(1) == reference.argmax(1)).all())
print(f"max |edgeq - PyTorch| = {diff:.2e}; predicted classes {ours.argmax(1).tolist()} "
      f"({'the same as' if same_class else 'DIFFERENT from'} PyTorch's)")
sys.exit(0 if diff <= 1e-4 * max(1.0, float(np.max(np.abs(reference)))) and same_class else 1)
PY

step "Running it on random inputs"
echo "\$ edgeq run demo_cnn.eqp"
"$edgeq" run "$work/demo_cnn.eqp"

step "Quantizing it to int8 (W8A8: per-channel weights, calibrated on the input images)"
echo "\$ edgeq quantize demo_cnn.onnx --scheme w8a8 --calib demo_cnn.input.npy -o demo_cnn.w8a8.eqp"
"$edgeq" quantize "$models/demo_cnn.onnx" --scheme w8a8 --calib "$models/demo_cnn.input.npy" \
  -o "$work/demo_cnn.w8a8.eqp"

step "Comparing the quantized program with the float model (the quantization simulation)"
echo "\$ edgeq compare demo_cnn.onnx demo_cnn.w8a8.eqp --data demo_cnn.input.npy --batch 2"
"$edgeq" compare "$models/demo_cnn.onnx" "$work/demo_cnn.w8a8.eqp" \
  --data "$models/demo_cnn.input.npy" --batch 2

printf '\nDone: the ONNX model was compiled into %s (%s bytes) and run by the edgeq runtime;\n' \
  "$work/demo_cnn.eqp" "$(stat -c %s "$work/demo_cnn.eqp")"
printf 'its int8 version is %s (%s bytes).\n' \
  "$work/demo_cnn.w8a8.eqp" "$(stat -c %s "$work/demo_cnn.w8a8.eqp")"
