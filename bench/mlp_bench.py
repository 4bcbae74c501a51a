#!/usr/bin/python3
"""Issue 5's MLP benchmark: the 4-block MLP 1024 -> 4096 -> 1024 (bench/make_mlp_model.py) as
fp32, dynamic int8 (w8a8_dynamic) and 8da4w (w4a8) programs for the XNNPACK backend, timed with
`edgeq bench` single threaded at 1 token (GEMV) and 64 tokens (GEMM).

For each token count it makes the three programs (`edgeq compile --batch T` for fp32, `edgeq
quantize --scheme S --batch T` for the others; the dynamic schemes need no calibration data),
then alternates their `edgeq bench --json` runs for several rounds and reports the median of the
rounds' median execute times, each quantized program's time as a fraction of fp32's, its output
SQNR against the float model (`edgeq compare` on random data, a check that it computes the
model) and the program file sizes as fractions of fp32's, next to issue 5's targets.

Usage: mlp_bench.py [--work DIR] [--edgeq PATH] [--tokens 1 64] [--rounds 5] [--iters 10]
                    [--group-size 32] [--json]
"""

import argparse
import json
import os
import subprocess
import sys

import bench_util

FP32, INT8, INT4 = "fp32", "w8a8_dynamic", "w4a8"
LABELS = {FP32: "fp32", INT8: "dyn int8", INT4: "8da4w"}
# Issue 5's targets: time as a fraction of fp32's by token count, program size fraction.
TIME_TARGETS = {(INT8, 1): 0.4, (INT4, 1): 0.2, (INT8, 64): 0.5, (INT4, 64): 0.6}
SIZE_TARGETS = {INT8: 0.27, INT4: 0.15}


def make_programs(edgeq, model, work, tokens, group_size):
    """{scheme: program path} for `tokens` tokens."""
    programs = {}
    for scheme in (FP32, INT8, INT4):
        program = os.path.join(work, "mlp.%s.t%d.eqp" % (scheme, tokens))
        if scheme == FP32:
            command = [edgeq, "compile", model, "--batch", str(tokens), "-o", program]
        else:
            command = [edgeq, "quantize", model, "--scheme", scheme, "--batch", str(tokens),
                       "--group-size", str(group_size), "-o", program]
        bench_util.run_checked(command)
        programs[scheme] = program
    return programs


def output_sqnr(edgeq, model, program, tokens):
    """The program's output SQNR (dB) against the float ONNX model on two random batches: a check
    that a fast program still computes the model."""
    if program.endswith(".%s.t%d.eqp" % (FP32, tokens)):
        return None
    result = bench_util.run_json([edgeq, "compare", model, program, "--data", "random:2",
                                  "--batch", str(tokens), "--json"])
    return result["outputs"][0]["sqnr_db"]


def verdict(value, target):
    return "meets" if value <= target else "MISSES"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", default=os.path.join(bench_util.REPO, "build-bench", "mlp"),
                        help="folder for the model and the programs")
    parser.add_argument("--edgeq", default=bench_util.DEFAULT_EDGEQ)
    parser.add_argument("--tokens", nargs="+", type=int, default=[1, 64])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--iters", type=int, default=10, help="timed runs per edgeq bench call")
    parser.add_argument("--group-size", type=int, default=32, help="8da4w weight group size")
    parser.add_argument("--json", action="store_true", help="also print the results as JSON")
    args = parser.parse_args()
    bench_util.check_edgeq(args.edgeq)
    os.makedirs(args.work, exist_ok=True)
    model = os.path.join(args.work, "mlp_1024_4096.onnx")
    if not os.path.exists(model):
        print("making the model (bench/make_mlp_model.py)", flush=True)
        subprocess.run([sys.executable, os.path.join(bench_util.REPO, "bench", "make_mlp_model.py"),
                        "--out", model], check=True, stdout=subprocess.DEVNULL)

    results = {"tokens": {}, "sizes": {}}
    print("single thread, %d alternating rounds of %d timed runs; median of the rounds' medians"
          % (args.rounds, args.iters))
    print("%-7s %-9s %10s %9s %8s %8s %9s  %s" % ("tokens", "program", "median ms", "vs fp32",
                                                   "target", "", "SQNR dB", "delegate/kernel"))
    for tokens in args.tokens:
        programs = make_programs(args.edgeq, model, args.work, tokens, args.group_size)
        if not results["sizes"]:
            results["sizes"] = {s: os.path.getsize(p) for s, p in programs.items()}
        timed = bench_util.alternate(
            [(s, bench_util.edgeq_measurement(args.edgeq, p, 1, args.iters))
             for s, p in programs.items()], args.rounds)
        results["tokens"][tokens] = timed
        for scheme, r in timed.items():
            ratio = r["median_ms"] / timed[FP32]["median_ms"]
            target = TIME_TARGETS.get((scheme, tokens))
            r["vs_fp32"] = ratio
            r["sqnr_db"] = output_sqnr(args.edgeq, model, programs[scheme], tokens)
            print("%-7d %-9s %10.3f %8.3fx %8s %8s %9s  %d/%d" % (
                tokens, LABELS[scheme], r["median_ms"], ratio,
                "<= %.1fx" % target if target else "", verdict(ratio, target) if target else "",
                "%.1f" % r["sqnr_db"] if isinstance(r["sqnr_db"], float) else "-",
                r["last"]["delegate_calls"], r["last"]["kernel_calls"]), flush=True)

    sizes = results["sizes"]
    print("\n%-9s %14s %9s %9s" % ("program", "file bytes", "vs fp32", "target"))
    for scheme, size in sizes.items():
        ratio = size / sizes[FP32]
        target = SIZE_TARGETS.get(scheme)
        print("%-9s %14d %8.3fx %9s %s" % (LABELS[scheme], size, ratio,
                                           "<= %.2fx" % target if target else "",
                                           verdict(ratio, target) if target else ""))
    if args.json:
        for timed in results["tokens"].values():
            for r in timed.values():
                del r["last"]
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
