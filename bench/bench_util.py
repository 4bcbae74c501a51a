"""Helpers shared by the whole-model benchmark scripts in bench/ (compare_with_ort.py,
mlp_bench.py): running edgeq and ONNX Runtime timings as subprocesses, and alternating several
measurements round by round so that each one sees the same machine load (the figures to compare
are medians over the rounds, taken side by side)."""

import json
import os
import statistics
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_EDGEQ = os.path.join(REPO, "build-release", "tools", "edgeq")
ORT_BENCH = os.path.join(REPO, "bench", "ort", "ort_bench.js")


def fail(message):
    sys.exit("%s: %s" % (os.path.basename(sys.argv[0]), message))


def run_checked(command):
    """Runs `command`; exits with its output if it fails. Returns its stdout."""
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        fail("%s failed:\n%s%s" % (" ".join(command), result.stdout, result.stderr))
    return result.stdout


def run_json(command):
    """Runs `command` and parses the JSON object its stdout ends with."""
    stdout = run_checked(command)
    return json.loads(stdout[stdout.index("{"):])


def check_edgeq(edgeq):
    if not os.access(edgeq, os.X_OK):
        fail("no edgeq binary at %s (build the edgeq target first or pass --edgeq)" % edgeq)


def check_ort():
    if not os.path.isdir(os.path.join(REPO, "bench", "ort", "node_modules", "onnxruntime-node")):
        fail("run `npm install --ignore-scripts` in bench/ort first")


def edgeq_bench(edgeq, program, threads, iters, warmup=3):
    """One `edgeq bench --json` run of `program`."""
    return run_json([edgeq, "bench", program, "--threads", str(threads), "--iters", str(iters),
                     "--warmup", str(warmup), "--json"])


def ort_bench(onnx_path, threads, iters):
    """One bench/ort/ort_bench.js run of `onnx_path` (ONNX Runtime's CPU execution provider)."""
    return run_json(["node", ORT_BENCH, onnx_path, "--threads", str(threads), "--iters",
                     str(iters)])


def alternate(measurements, rounds):
    """measurements: [(name, callable returning a milliseconds figure and its JSON)]. Runs them
    in turn, `rounds` times (reversing the order every other round, so that no measurement always
    follows the same one), and returns {name: {"median_ms", "rounds_ms", "last"}}."""
    runs = {name: [] for name, _ in measurements}
    for round_index in range(rounds):
        order = measurements if round_index % 2 == 0 else measurements[::-1]
        for name, measure in order:
            runs[name].append(measure())
    return {name: {"median_ms": statistics.median(ms for ms, _ in results),
                   "rounds_ms": [ms for ms, _ in results],
                   "last": results[-1][1]}
            for name, results in runs.items()}


def edgeq_measurement(edgeq, program, threads, iters):
    """A measurement for alternate(): edgeq's median execute time of one bench run."""
    def measure():
        result = edgeq_bench(edgeq, program, threads, iters)
        return result["execute_median_ms"], result
    return measure


def ort_measurement(onnx_path, threads, iters):
    """A measurement for alternate(): ONNX Runtime's median run time of one bench run."""
    def measure():
        result = ort_bench(onnx_path, threads, iters)
        return result["median_ms"], result
    return measure
