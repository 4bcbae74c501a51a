#!/usr/bin/env bash
# The edgeq demo: installs what is missing, builds the edgeq tool, then
#  1. compiles the bundled small CNN (examples/models/demo_cnn.onnx; the XNNPACK delegate takes
#     what it supports), inspects the program file and checks its output against PyTorch's;
#  2. the main part: quantizes the bundled Fashion-MNIST CNN (examples/models/fashion_cnn.onnx) to
#     int8 (W8A8, calibrated on training images of Debian's dataset-fashion-mnist), runs float and
#     int8 programs on XNNPACK and prints them side by side: test accuracy, output SQNR and top-1
#     agreement against the float model, median single-thread latency (`edgeq bench`, alternating
#     the two programs) and program file size.
# EDGEQ_BUILD_DIR overrides the build directory, EDGEQ_DEMO_TEST_IMAGES the number of test images
# (default: all 10000).
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

step "Fashion-MNIST: test images with labels, and training images to calibrate on"
data=$work/fashion
"$python" "$repo/scripts/fashion_mnist_arrays.py" "$data" --calib-count 256
"$python" - "$data" "${EDGEQ_DEMO_TEST_IMAGES:-10000}" <<'PY'
import sys
import numpy as np
data, count = sys.argv[1], int(sys.argv[2])
np.save(f"{data}/demo_test.npy", np.load(f"{data}/fashion_test.npy")[:count])
np.save(f"{data}/demo_test_labels.npy", np.load(f"{data}/fashion_test_labels.npy")[:count])
PY
fashion=$models/fashion_cnn.onnx

step "Compiling the float model and quantizing it to int8 (W8A8), both for XNNPACK"
echo "\$ edgeq compile fashion_cnn.onnx -o fashion_cnn.eqp"
"$edgeq" compile "$fashion" -o "$work/fashion_cnn.eqp"
echo "\$ edgeq quantize fashion_cnn.onnx --scheme w8a8 --calib fashion_calib.npy -o fashion_cnn.w8a8.eqp"
"$edgeq" quantize "$fashion" --scheme w8a8 --calib "$data/fashion_calib.npy" \
  -o "$work/fashion_cnn.w8a8.eqp"
echo "\$ edgeq inspect fashion_cnn.w8a8.eqp --why  (its summary lines)"
"$edgeq" inspect "$work/fashion_cnn.w8a8.eqp" --why | grep -E '^(why|quantized|partitions|portable nodes):'

step "Running both on the test images against the float ONNX model (edgeq compare)"
for program in fashion_cnn fashion_cnn.w8a8; do
  echo "\$ edgeq compare fashion_cnn.onnx $program.eqp --data demo_test.npy" \
    "--labels demo_test_labels.npy --batch 16 --json"
  "$edgeq" compare "$fashion" "$work/$program.eqp" --data "$data/demo_test.npy" \
    --labels "$data/demo_test_labels.npy" --batch 16 --json > "$work/$program.compare.json"
done

step "Float vs int8 side by side (latency: single thread, the two programs alternating)"
"$python" - "$repo" "$edgeq" "$work" <<'PY'
import json
import os
import sys
repo, edgeq, work = sys.argv[1:4]
sys.path.insert(0, os.path.join(repo, "bench"))
import bench_util  # noqa: E402 (the benchmarks' alternating timer)

programs = {"float": f"{work}/fashion_cnn", "int8 (W8A8)": f"{work}/fashion_cnn.w8a8"}
timed = bench_util.alternate(
    [(label, bench_util.edgeq_measurement(edgeq, stem + ".eqp", 1, 200))
     for label, stem in programs.items()], rounds=5)
columns = {}
for label, stem in programs.items():
    with open(stem + ".compare.json") as f:
        output = json.load(f)["outputs"][0]
    sqnr = output["sqnr_db"]
    calls = timed[label]["last"]
    columns[label] = {
        "test accuracy": "%.2f %%" % (100 * output["quantized_accuracy"]),
        "top-1 agreement with ONNX float": "%.2f %%" % (100 * output["top1_agreement"]),
        "output SQNR vs ONNX float": ("%.1f dB" % sqnr) if isinstance(sqnr, float) else sqnr,
        "median latency, 1 thread": "%.3f ms" % timed[label]["median_ms"],
        "program file size": "%.1f KB" % (os.path.getsize(stem + ".eqp") / 1024),
        "delegate / kernel calls": "%d / %d" % (calls["delegate_calls"], calls["kernel_calls"]),
    }
float_label, int8_label = programs
ratios = {
    "median latency, 1 thread": timed[int8_label]["median_ms"] / timed[float_label]["median_ms"],
    "program file size": (os.path.getsize(programs[int8_label] + ".eqp")
                          / os.path.getsize(programs[float_label] + ".eqp")),
}
print("%d labelled test images; the float ONNX model's accuracy on them: %.2f %%\n"
      % (output["labelled_samples"], 100 * output["float_accuracy"]))
print("%-32s %14s %14s %11s" % ("", float_label, int8_label, "int8/float"))
for key in columns[float_label]:
    print("%-32s %14s %14s %11s" % (key, columns[float_label][key], columns[int8_label][key],
                                    "%.2fx" % ratios[key] if key in ratios else ""))
PY

printf '\nDone: the programs are in %s.\n' "$work"
