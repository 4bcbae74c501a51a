#!/usr/bin/python3
"""Quantizes the trained Fashion-MNIST CNN (examples/models/fashion_cnn.onnx) through the edgeq
command line and checks the accuracy targets of the quantizer:
  - W8A8 (per-channel weights) test accuracy at most 0.5 points below float;
  - W8A16 at most 0.1 points below float;
  - the exported QDQ ONNX of the W8A8 model runs in ONNX Runtime (npm onnxruntime-node, when
    installed) with >= 99 % argmax agreement with edgeq's own simulation and values within two
    output quantization steps.

Usage: fashion_mnist_quantization.py --edgeq PATH --work DIR [--node-path DIR] [--images N]
Exit status 0 on success, 1 on a failed check or error, 2 when the dataset is not installed (skip).
"""

import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys

import numpy as np

REPO = pathlib.Path(__file__).resolve().parent.parent.parent
MODEL = REPO / "examples" / "models" / "fashion_cnn.onnx"
CHUNK = 1000
SKIP = 2
TARGET_DROP = {"w8a8": 0.5, "w8a16": 0.1}


def run(command, **kwargs):
    print("$ " + " ".join(str(c) for c in command), flush=True)
    result = subprocess.run([str(c) for c in command], capture_output=True, text=True, **kwargs)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    if result.returncode != 0:
        raise SystemExit(f"command failed with exit code {result.returncode}")
    return result.stdout


def scores_of(edgeq, program, chunks, work):
    """Runs `program` over the test chunks with `edgeq run`; the concatenated class scores."""
    outputs = []
    for i, chunk in enumerate(chunks):
        out = work / f"{program.stem}.scores{i}.npy"
        run([edgeq, "run", program, "--input", chunk, "--output", out])
        outputs.append(np.load(out))
    return np.concatenate(outputs)


def accuracy(scores, labels):
    return 100.0 * float((scores.argmax(axis=1) == labels).mean())


def output_step(qdq_onnx):
    """The scale of the DequantizeLinear that makes the model output (one quantization step)."""
    import onnx
    from onnx import numpy_helper
    model = onnx.load(str(qdq_onnx))
    output = model.graph.output[0].name
    initializers = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    for node in model.graph.node:
        if node.op_type == "DequantizeLinear" and node.output[0] == output:
            return float(np.max(initializers[node.input[1]]))
    return None


def check_onnx_runtime(node_path, qdq_onnx, test_images, edgeq_scores, work):
    """Runs the exported QDQ ONNX in onnxruntime-node; compares with edgeq's simulation."""
    node = shutil.which("node")
    runtime_dir = pathlib.Path(node_path) / "onnxruntime-node" if node_path else None
    if node is None or runtime_dir is None or not runtime_dir.exists():
        print("ONNX Runtime check skipped: node or onnxruntime-node not found "
              "(npm install in bench/ort)")
        return None
    out = work / "ort_scores.npy"
    env = dict(os.environ, NODE_PATH=str(node_path))
    run([node, REPO / "scripts" / "ort_run_npy.js", qdq_onnx, test_images, out], env=env)
    ort_scores = np.load(out)
    agreement = 100.0 * float((ort_scores.argmax(1) == edgeq_scores.argmax(1)).mean())
    max_diff = float(np.abs(ort_scores - edgeq_scores).max())
    step = output_step(qdq_onnx)
    print(f"ONNX Runtime vs edgeq (w8a8 QDQ): argmax agreement {agreement:.2f} %, "
          f"max |difference| {max_diff:.4g} (output quantization step {step})")
    return {"argmax_agreement": agreement, "max_abs_diff": max_diff, "output_step": step}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edgeq", required=True, type=pathlib.Path)
    parser.add_argument("--work", required=True, type=pathlib.Path)
    parser.add_argument("--node-path", default=str(REPO / "bench" / "ort" / "node_modules"))
    parser.add_argument("--images", type=int, default=0,
                        help="evaluate the first N test images only (default 0: all 10000)")
    args = parser.parse_args()
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    for stale in work.glob("test_chunk*.npy"):
        stale.unlink()

    arrays = subprocess.run([sys.executable, REPO / "scripts" / "fashion_mnist_arrays.py", work])
    if arrays.returncode == SKIP:
        return SKIP
    if arrays.returncode != 0:
        return 1
    test_file = work / "fashion_test.npy"
    test_images = np.load(test_file)
    labels = np.load(work / "fashion_test_labels.npy")
    if args.images > 0:
        test_images, labels = test_images[:args.images], labels[:args.images]
        test_file = work / f"fashion_test_first{len(test_images)}.npy"
        np.save(test_file, test_images)
    print(f"evaluating {len(test_images)} test images")
    chunks = []
    for i, start in enumerate(range(0, len(test_images), CHUNK)):
        path = work / f"test_chunk{i}.npy"
        np.save(path, test_images[start:start + CHUNK])
        chunks.append(path)

    float_program = work / "float.eqp"
    run([args.edgeq, "compile", MODEL, "-o", float_program])
    results = {"float": accuracy(scores_of(args.edgeq, float_program, chunks, work), labels)}
    scores = {}
    for scheme in TARGET_DROP:
        program = work / f"{scheme}.eqp"
        run([args.edgeq, "quantize", MODEL, "--scheme", scheme, "--calib",
             work / "fashion_calib.npy", "--batch", "32", "--backend", "none",
             "--onnx-out", work / f"{scheme}.qdq.onnx", "-o", program])
        scores[scheme] = scores_of(args.edgeq, program, chunks, work)
        results[scheme] = accuracy(scores[scheme], labels)

    failures = []
    print(f"float test accuracy {results['float']:.2f} %")
    for scheme, limit in TARGET_DROP.items():
        drop = results["float"] - results[scheme]
        print(f"{scheme} test accuracy {results[scheme]:.2f} % (drop {drop:.2f} pt, "
              f"target <= {limit} pt)")
        if drop > limit:
            failures.append(f"{scheme} drops {drop:.2f} pt > {limit} pt")
    ort = check_onnx_runtime(args.node_path, work / "w8a8.qdq.onnx", test_file, scores["w8a8"],
                             work)
    if ort is not None and ort["argmax_agreement"] < 99.0:
        failures.append(f"ONNX Runtime argmax agreement {ort['argmax_agreement']:.2f} % < 99 %")
    # Stated tolerance: float summation order may flip the rounding of the last quantizer, so
    # values may differ by one output step; two steps leave room for an earlier flip.
    if ort is not None and ort["output_step"] and ort["max_abs_diff"] > 2 * ort["output_step"]:
        failures.append(f"ONNX Runtime differs by {ort['max_abs_diff']:.4g} > 2 output steps")
    results["onnx_runtime"] = ort
    (work / "results.json").write_text(json.dumps(results, indent=2))
    for failure in failures:
        print("FAILED: " + failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
