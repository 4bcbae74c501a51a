#!/usr/bin/python3
"""Makes issue 5's benchmark MLP: four blocks of Linear(1024, 4096) -> ReLU -> Linear(4096, 1024).

Writes OUT (default mlp_1024_4096.onnx): opset 13, random weights (fixed seed), one float input
"x" of shape [tokens, 1024] whose first dimension is symbolic, so that `edgeq compile --batch N`
and `edgeq quantize --batch N` make a program for N tokens (1: GEMV, 64: GEMM). The file holds
about 128 MB of float weights; bench/mlp_bench.py makes it when it is missing.

Usage: make_mlp_model.py [--out FILE]
"""

import argparse

import torch
from torch import nn

MODEL = 1024
HIDDEN = 4096
BLOCKS = 4
SEED = 0
OPSET = 13


def build_mlp():
    torch.manual_seed(SEED)
    layers = []
    for _ in range(BLOCKS):
        layers += [nn.Linear(MODEL, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, MODEL)]
    return nn.Sequential(*layers).eval()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="mlp_1024_4096.onnx")
    args = parser.parse_args()
    with torch.no_grad():
        torch.onnx.export(build_mlp(), torch.randn(1, MODEL), args.out, opset_version=OPSET,
                          input_names=["x"], output_names=["y"],
                          dynamic_axes={"x": {0: "tokens"}, "y": {0: "tokens"}})
    print("wrote", args.out)


if __name__ == "__main__":
    main()
