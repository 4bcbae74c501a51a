#!/usr/bin/python3
"""Side-by-side whole-model benchmark: edgeq (XNNPACK delegate) vs ONNX Runtime's CPU EP, float and
(with --w8a8) int8.

For each model and thread count it alternates `edgeq bench --json` and bench/ort/ort_bench.js for
several rounds (so every measurement sees the same machine load) and reports, from the medians of
the rounds: edgeq's execute time, the share of it spent inside XNNPACK's own invoke (the rest is
edgeq's delegate overhead: layout conversion, copies, portable kernels), ONNX Runtime's time and
the ratio.

With --w8a8 it also quantizes each model with `edgeq quantize --scheme w8a8` (calibrated on a few
seeded standard-normal batches), exports the same quantized model as QDQ ONNX (--onnx-out) for
ONNX Runtime, by default with uint8 activations (--ort-activations uint8: zero points + 128, the
same model bit for bit, the u8 x s8 form ONNX Runtime's x86 kernels run fastest), alternates all
four programs (edgeq fp32, ORT fp32, edgeq int8, ORT int8) and adds the int8 / fp32 time ratios of
both runtimes and edgeq int8 / ORT int8, with the int8 program's
delegate and kernel call counts, its output SQNR against the float model (on the calibration
samples) and `edgeq inspect --why` (what stays off XNNPACK, and why).

Needs: a built edgeq (--edgeq, default build-release/tools/edgeq), node with onnxruntime-node in
bench/ort (`cd bench/ort && npm install --ignore-scripts`), and ONNX models, by default exported
with scripts/export_test_models.py (torchvision MobileNetV2 and ResNet18, random weights).

Usage: compare_with_ort.py [--models DIR] [--threads 1 2] [--rounds 5] [--iters 30] [--w8a8]
                           [--ort-activations uint8|int8] [--calib-batches 4] [--json]
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys

import numpy as np

import bench_util

DEFAULT_MODELS = ("mobilenet_v2", "resnet18")
CALIB_SEED = 0


def export_models(models_dir, names):
    missing = [n for n in names if not os.path.exists(os.path.join(models_dir, n + ".onnx"))]
    if missing:
        print("exporting %s into %s" % (", ".join(missing), models_dir), flush=True)
        subprocess.run([sys.executable, os.path.join(bench_util.REPO, "scripts",
                                                     "export_test_models.py"),
                        models_dir, "--only", *missing], check=True)


def compile_model(edgeq, onnx_path):
    program = onnx_path[:-len(".onnx")] + ".eqp"
    bench_util.run_checked([edgeq, "compile", onnx_path, "-o", program])
    return program


def quantize_w8a8(edgeq, onnx_path, calib_batches, onnx_activations):
    """Quantizes `onnx_path` to W8A8, calibrated on `calib_batches` standard-normal samples shaped
    like the exported input; returns (program, QDQ ONNX path), the ONNX file with
    `onnx_activations` (int8 or uint8) activations."""
    stem = onnx_path[:-len(".onnx")]
    sample = np.load(stem + ".input.npy")
    calib = stem + ".calib.npy"
    rng = np.random.default_rng(CALIB_SEED)
    np.save(calib, rng.standard_normal((calib_batches,) + sample.shape[1:]).astype(np.float32))
    program = stem + ".w8a8.eqp"
    qdq = "%s.w8a8.qdq.%s.onnx" % (stem, onnx_activations)
    bench_util.run_checked([edgeq, "quantize", onnx_path, "--scheme", "w8a8", "--calib", calib,
                            "--onnx-out", qdq, "--onnx-activations", onnx_activations,
                            "-o", program])
    return program, qdq


def output_sqnr(edgeq, onnx_path, program):
    """The int8 program's output SQNR (dB) against the float model on the calibration samples: a
    check that a fast program still computes the model."""
    calib = onnx_path[:-len(".onnx")] + ".calib.npy"
    result = bench_util.run_json([edgeq, "compare", onnx_path, program, "--data", calib,
                                  "--batch", "1", "--json"])
    return result["outputs"][0]["sqnr_db"]


def why_not_delegated(edgeq, program):
    """The `edgeq inspect --why` section of `program`, with the per-partition node lists left out,
    the convolution engines kept and the portable nodes counted by op and reason."""
    lines = bench_util.run_checked([edgeq, "inspect", program, "--why"]).rstrip("\n").split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith("why:")), len(lines))
    summary, reasons, section = [], collections.Counter(), ""
    for line in lines[start:]:
        if not line.startswith("  "):
            section = line.split(":")[0]
            summary.append(line)
            continue
        if section.startswith("int8 convolutions"):
            summary.append(line)  # which engine runs the convolutions
            continue
        node = re.match(r"  (\S+) '.*?'( \[[^\]]*\])?: (.*)", line)
        if section == "portable nodes" and node:
            reasons["%s%s: %s" % (node.group(1), node.group(2) or "", node.group(3))] += 1
    summary += ["  %4d x %s" % (count, reason) for reason, count in reasons.most_common()]
    return summary


def measure(edgeq, variants, threads, rounds, iters):
    """variants: {variant: (program, onnx_path)}. Alternates edgeq and ORT on every variant."""
    measurements = []
    for variant, (program, onnx_path) in variants.items():
        measurements.append((("edgeq", variant),
                             bench_util.edgeq_measurement(edgeq, program, threads, iters)))
        measurements.append((("ort", variant), bench_util.ort_measurement(onnx_path, threads,
                                                                          iters)))
    timed = bench_util.alternate(measurements, rounds)
    results = {}
    for variant in variants:
        edgeq_run, ort_run = timed[("edgeq", variant)], timed[("ort", variant)]
        last = edgeq_run["last"]
        results[variant] = {
            "threads": threads,
            "edgeq_median_ms": edgeq_run["median_ms"],
            "ort_median_ms": ort_run["median_ms"],
            "edgeq_over_ort": edgeq_run["median_ms"] / ort_run["median_ms"],
            "xnnpack_invoke_percent": last.get("xnnpack_invoke_percent"),
            "delegate_calls": last["delegate_calls"],
            "kernel_calls": last["kernel_calls"],
            "file_bytes": last["file_bytes"],
            "edgeq_rounds_ms": edgeq_run["rounds_ms"],
            "ort_rounds_ms": ort_run["rounds_ms"],
        }
    return results


def print_row(name, variant, r):
    share = ("%.1f %%" % r["xnnpack_invoke_percent"]
             if r["xnnpack_invoke_percent"] is not None else "-")
    print("%-14s %-5s %7d %11.3f %11.3f %7.2fx %11s %9d/%d" % (
        name, variant, r["threads"], r["edgeq_median_ms"], r["ort_median_ms"],
        r["edgeq_over_ort"], share, r["delegate_calls"], r["kernel_calls"]), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", default=os.path.join(bench_util.REPO, "build-bench", "models"),
                        help="folder with (or to export) <name>.onnx")
    parser.add_argument("--names", nargs="+", default=list(DEFAULT_MODELS))
    parser.add_argument("--edgeq", default=bench_util.DEFAULT_EDGEQ)
    parser.add_argument("--threads", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--iters", type=int, default=30)
    parser.add_argument("--w8a8", action="store_true",
                        help="also quantize to W8A8 and compare the int8 programs")
    parser.add_argument("--ort-activations", choices=("uint8", "int8"), default="uint8",
                        help="activation dtype of the QDQ export ONNX Runtime runs (default uint8, "
                        "its fast x86 form; weights are int8 either way)")
    parser.add_argument("--calib-batches", type=int, default=4,
                        help="W8A8 calibration samples (seeded standard normal)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    bench_util.check_edgeq(args.edgeq)
    bench_util.check_ort()
    os.makedirs(args.models, exist_ok=True)
    export_models(args.models, args.names)

    results = {}
    why, sqnr = {}, {}
    summaries = []
    print("%-14s %-5s %7s %11s %11s %8s %11s %11s" % ("model", "", "threads", "edgeq ms",
                                                      "ORT ms", "ratio", "in XNNPACK",
                                                      "deleg/kern"))
    for name in args.names:
        onnx_path = os.path.join(args.models, name + ".onnx")
        variants = {"fp32": (compile_model(args.edgeq, onnx_path), onnx_path)}
        if args.w8a8:
            variants["int8"] = quantize_w8a8(args.edgeq, onnx_path, args.calib_batches,
                                             args.ort_activations)
            why[name] = why_not_delegated(args.edgeq, variants["int8"][0])
            sqnr[name] = output_sqnr(args.edgeq, onnx_path, variants["int8"][0])
        results[name] = []
        for threads in args.threads:
            r = measure(args.edgeq, variants, threads, args.rounds, args.iters)
            results[name].append(r)
            for variant in variants:
                print_row(name, variant, r[variant])
            if args.w8a8:
                summaries.append((name, threads, r))
    if summaries:
        print("\nORT int8 runs the QDQ export with %s activations and int8 weights"
              % args.ort_activations)
        print("%-14s %7s %16s %14s %15s %16s %13s" % (
            "model", "threads", "edgeq int8/fp32", "ORT int8/fp32", "edgeq/ORT int8",
            "int8/fp32 bytes", "int8 SQNR dB"))
        for name, threads, r in summaries:
            int8, fp32 = r["int8"], r["fp32"]
            print("%-14s %7d %15.3fx %13.3fx %14.3fx %15.3fx %13s" % (
                name, threads, int8["edgeq_median_ms"] / fp32["edgeq_median_ms"],
                int8["ort_median_ms"] / fp32["ort_median_ms"], int8["edgeq_over_ort"],
                int8["file_bytes"] / fp32["file_bytes"],
                "%.1f" % sqnr[name] if isinstance(sqnr[name], float) else sqnr[name]))
        for name, lines in why.items():
            print("\n%s int8: edgeq inspect --why" % name)
            print("\n".join("  " + line for line in lines))
    if args.json:
        print(json.dumps({"results": results, "why": why, "int8_sqnr_db": sqnr,
                          "ort_activations": args.ort_activations}, indent=2))


if __name__ == "__main__":
    main()
