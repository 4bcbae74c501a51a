#!/usr/bin/python3
"""Side-by-side whole-model benchmark: edgeq (XNNPACK delegate) vs ONNX Runtime's CPU EP.

For each model and thread count it alternates `edgeq bench --json` and bench/ort/ort_bench.js for
several rounds (so both see the same machine load) and reports, from the medians of the rounds:
edgeq's execute time, the share of it spent inside XNNPACK's own invoke (the rest is edgeq's
delegate overhead: layout conversion, copies, portable kernels), ONNX Runtime's time and the ratio.

Needs: a built edgeq (--edgeq, default build-release/tools/edgeq), node with onnxruntime-node in
bench/ort (`cd bench/ort && npm install --ignore-scripts`), and ONNX models, by default exported
with scripts/export_test_models.py (torchvision MobileNetV2 and ResNet18, random weights).

Usage: compare_with_ort.py [--models DIR] [--threads 1 2] [--rounds 5] [--iters 30] [--json]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_MODELS = ("mobilenet_v2", "resnet18")


def run_json(command):
    """Runs `command` and parses the JSON object its stdout ends with."""
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("compare_with_ort: %s failed:\n%s%s" % (" ".join(command), result.stdout,
                                                         result.stderr))
    return json.loads(result.stdout[result.stdout.index("{"):])


def export_models(models_dir, names):
    missing = [n for n in names if not os.path.exists(os.path.join(models_dir, n + ".onnx"))]
    if missing:
        print("exporting %s into %s" % (", ".join(missing), models_dir), flush=True)
        subprocess.run([sys.executable, os.path.join(REPO, "scripts", "export_test_models.py"),
                        models_dir, "--only", *missing], check=True)


def compile_model(edgeq, onnx_path):
    program = onnx_path[:-len(".onnx")] + ".eqp"
    subprocess.run([edgeq, "compile", onnx_path, "-o", program], check=True,
                   stdout=subprocess.DEVNULL)
    return program


def measure(edgeq, onnx_path, program, threads, rounds, iters):
    edgeq_runs, ort_runs = [], []
    for _ in range(rounds):
        edgeq_runs.append(run_json([edgeq, "bench", program, "--threads", str(threads),
                                    "--iters", str(iters), "--warmup", "5", "--json"]))
        ort_runs.append(run_json(["node", os.path.join(REPO, "bench", "ort", "ort_bench.js"),
                                  onnx_path, "--threads", str(threads), "--iters", str(iters)]))
    edgeq_ms = statistics.median(r["execute_median_ms"] for r in edgeq_runs)
    ort_ms = statistics.median(r["median_ms"] for r in ort_runs)
    invoke_share = [r["xnnpack_invoke_percent"] for r in edgeq_runs
                    if r.get("xnnpack_invoke_percent") is not None]
    return {
        "threads": threads,
        "edgeq_median_ms": edgeq_ms,
        "ort_median_ms": ort_ms,
        "edgeq_over_ort": edgeq_ms / ort_ms,
        "xnnpack_invoke_percent": statistics.median(invoke_share) if invoke_share else None,
        "edgeq_rounds_ms": [r["execute_median_ms"] for r in edgeq_runs],
        "ort_rounds_ms": [r["median_ms"] for r in ort_runs],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", default=os.path.join(REPO, "build-bench", "models"),
                        help="folder with (or to export) <name>.onnx")
    parser.add_argument("--names", nargs="+", default=list(DEFAULT_MODELS))
    parser.add_argument("--edgeq", default=os.path.join(REPO, "build-release", "tools", "edgeq"))
    parser.add_argument("--threads", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--iters", type=int, default=30)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    if not os.access(args.edgeq, os.X_OK):
        sys.exit("compare_with_ort: no edgeq binary at %s (build first or pass --edgeq)" % args.edgeq)
    if not os.path.isdir(os.path.join(REPO, "bench", "ort", "node_modules", "onnxruntime-node")):
        sys.exit("compare_with_ort: run `npm install --ignore-scripts` in bench/ort first")
    os.makedirs(args.models, exist_ok=True)
    export_models(args.models, args.names)

    results = {}
    print("%-14s %7s %11s %11s %8s %14s" % ("model", "threads", "edgeq ms", "ORT ms",
                                             "ratio", "in XNNPACK"))
    for name in args.names:
        onnx_path = os.path.join(args.models, name + ".onnx")
        program = compile_model(args.edgeq, onnx_path)
        results[name] = []
        for threads in args.threads:
            r = measure(args.edgeq, onnx_path, program, threads, args.rounds, args.iters)
            results[name].append(r)
            share = ("%.1f %%" % r["xnnpack_invoke_percent"]
                     if r["xnnpack_invoke_percent"] is not None else "-")
            print("%-14s %7d %11.3f %11.3f %7.2fx %14s" % (name, threads, r["edgeq_median_ms"],
                                                           r["ort_median_ms"],
                                                           r["edgeq_over_ort"], share),
                  flush=True)
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
