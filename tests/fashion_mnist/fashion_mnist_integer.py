#!/usr/bin/python3
"""Deployed vs simulated integer execution of the W8A8 Fashion-MNIST CNN.

Reuses the work folder of fashion_mnist_quantization.py (its ctest fixture): the exported QDQ ONNX
(w8a8.qdq.onnx), the test chunks and the scores of its W8A8 program, which `edgeq quantize
--backend none` fused into integer ops and ran on the portable QLinear kernels (the simulation).
Then:
  - compiles the QDQ ONNX with --backend xnnpack (fused: the deployed model) and runs every test
    image: its top-1 must equal the simulation's on every image (agreement 100 %, so >= 99.9 %),
    and every QLinear node of the fused graph must be delegated to XNNPACK;
  - compiles it with --backend none --no-fuse-quantized (the float QDQ "fake quant" simulation)
    and states how often its top-1 agrees with the integer simulation (at least 99 %: integer
    requantization rounds once where the float graph accumulates in float, so a few codes differ).

Usage: fashion_mnist_integer.py --edgeq PATH --work DIR
Exit status 0 on success, 1 on a failed check or error, 2 when the fixture's data is missing
(the dataset is not installed, so the fixture skipped).
"""

import argparse
import json
import pathlib
import re
import sys

import numpy as np

from fashion_mnist_quantization import SKIP, run, scores_of

MIN_FAKE_QUANT_AGREEMENT = 99.0  # percent, float QDQ simulation vs integer simulation


def qlinear_nodes(edgeq, program):
    """Names of the QLinear* kernel calls of an all-portable program (edgeq inspect)."""
    text = run([edgeq, "inspect", program])
    return set(re.findall(r"^\s*\d+: QLinear\w+ '([^']*)'", text, re.MULTILINE))


def delegated_nodes(edgeq, program):
    """Names of the nodes the program's delegate calls run (edgeq inspect --why)."""
    text = run([edgeq, "inspect", "--why", program])
    names = set()
    for match in re.finditer(r"^\s*\S+ \(xnnpack, \d+ nodes?\): (.*)$", text, re.MULTILINE):
        names.update(name.strip() for name in match.group(1).split(", "))
    return names


def top1_agreement(a, b):
    return 100.0 * float((a.argmax(axis=1) == b.argmax(axis=1)).mean())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edgeq", required=True, type=pathlib.Path)
    parser.add_argument("--work", required=True, type=pathlib.Path)
    args = parser.parse_args()
    work = args.work
    qdq = work / "w8a8.qdq.onnx"
    chunks = sorted(work.glob("test_chunk*.npy"), key=lambda p: int(p.stem[len("test_chunk"):]))
    simulated_files = [work / f"w8a8.scores{i}.npy" for i in range(len(chunks))]
    labels_file = work / "fashion_test_labels.npy"
    if not qdq.exists() or not chunks or not all(f.exists() for f in simulated_files):
        print(f"fixture data missing in {work} (fashion_mnist_quantization skipped or not run)")
        return SKIP
    simulated = np.concatenate([np.load(f) for f in simulated_files])
    labels = np.load(labels_file)[:len(simulated)]  # the fixture may evaluate a subset

    deployed_program = work / "w8a8_int_xnnpack.eqp"
    portable_program = work / "w8a8_int_portable.eqp"
    fake_quant_program = work / "w8a8_fake_quant.eqp"
    run([args.edgeq, "compile", qdq, "--backend", "xnnpack", "-o", deployed_program])
    run([args.edgeq, "compile", qdq, "--backend", "none", "-o", portable_program])
    run([args.edgeq, "compile", qdq, "--backend", "none", "--no-fuse-quantized", "-o",
         fake_quant_program])
    deployed = scores_of(args.edgeq, deployed_program, chunks, work)
    fake_quant = scores_of(args.edgeq, fake_quant_program, chunks, work)

    qlinear = qlinear_nodes(args.edgeq, portable_program)
    delegated = delegated_nodes(args.edgeq, deployed_program) & qlinear
    agreement = top1_agreement(deployed, simulated)
    differing = int((deployed.argmax(1) != simulated.argmax(1)).sum())
    fake_agreement = top1_agreement(fake_quant, simulated)
    results = {
        "images": int(len(labels)),
        "accuracy_deployed_xnnpack": 100.0 * float((deployed.argmax(1) == labels).mean()),
        "accuracy_simulated_integer": 100.0 * float((simulated.argmax(1) == labels).mean()),
        "accuracy_fake_quant": 100.0 * float((fake_quant.argmax(1) == labels).mean()),
        "top1_agreement_deployed_vs_simulated": agreement,
        "max_abs_score_difference_deployed_vs_simulated": float(np.abs(deployed - simulated).max()),
        "top1_agreement_fake_quant_vs_integer": fake_agreement,
        "qlinear_nodes": len(qlinear),
        "qlinear_nodes_delegated": len(delegated),
    }
    print(json.dumps(results, indent=2))
    (work / "integer_results.json").write_text(json.dumps(results, indent=2))

    failures = []
    if differing != 0 or agreement < 99.9:
        failures.append(f"deployed top-1 differs from the simulation on {differing} images "
                        f"(agreement {agreement:.2f} %)")
    if not qlinear:
        failures.append("the fused program has no QLinear node: nothing was fused")
    if delegated != qlinear:
        failures.append(f"QLinear nodes left portable: {sorted(qlinear - delegated)}")
    if fake_agreement < MIN_FAKE_QUANT_AGREEMENT:
        failures.append(f"float QDQ simulation agrees with the integer one on only "
                        f"{fake_agreement:.2f} % < {MIN_FAKE_QUANT_AGREEMENT} %")
    for failure in failures:
        print("FAILED: " + failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
