#!/usr/bin/python3
"""Exports the real-model parity test models with PyTorch's reference outputs.

For each model this writes, into the output directory:
  <name>.onnx         the model exported by torch.onnx at opset 13 (random weights, eval mode)
  <name>.input.npy    the float32 input (fixed seed)
  <name>.output.npy   PyTorch's float32 output for that input

Models: torchvision MobileNetV2 and ResNet18 (1x3x224x224), and one nn.TransformerEncoderLayer
(d_model 64, 4 heads, batch_first, sequence length 16).

Exit status: 0 on success, 2 when torch or torchvision cannot be imported (the message says so,
so a test harness can report a skip), 1 on any other error.

Usage: export_test_models.py OUTPUT_DIR [--only NAME ...]
"""

import argparse
import os
import sys

SKIP_EXIT_CODE = 2
OPSET = 13
SEED = 0
MODEL_NAMES = ("mobilenet_v2", "resnet18", "transformer_encoder")
OUTPUT_SUFFIXES = (".onnx", ".input.npy", ".output.npy")


def remove_previous_outputs(out_dir, names):
    """Deletes earlier exports of `names`, so that a run that cannot export leaves no stale files
    for a test to pick up."""
    for name in names:
        for suffix in OUTPUT_SUFFIXES:
            path = os.path.join(out_dir, name + suffix)
            if os.path.exists(path):
                os.remove(path)


def import_torch():
    try:
        import numpy  # noqa: F401
        import torch
        import torchvision
    except ImportError as error:
        print(f"export_test_models: cannot import torch/torchvision/numpy ({error}); "
              "install python3-torch and python3-torchvision", file=sys.stderr)
        sys.exit(SKIP_EXIT_CODE)
    return torch, torchvision


def calibrate_batch_norms(torch, module):
    """Sets every BatchNorm's running statistics from random data, then returns the module in eval
    mode. With torchvision's initial statistics (mean 0, variance 1) the activations of a randomly
    initialised MobileNetV2 shrink to ~1e-9 at the output, which would make any comparison vacuous;
    calibrated statistics keep them at unit scale, as in a trained network."""
    norms = [m for m in module.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    if norms:
        for norm in norms:
            norm.reset_running_stats()
            norm.momentum = None  # cumulative average over the calibration batches
        module.train()
        with torch.no_grad():
            for _ in range(2):
                module(torch.randn(4, 3, 224, 224))
    return module.eval()


def build_models(torch, torchvision):
    """Returns {name: (module, input tensor)}; every module has fixed random weights."""

    def seeded(factory):
        torch.manual_seed(SEED)
        return calibrate_batch_norms(torch, factory())

    class EncoderLayer(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.layer = torch.nn.TransformerEncoderLayer(
                d_model=64, nhead=4, dim_feedforward=128, dropout=0.0, batch_first=True)

        def forward(self, x):
            return self.layer(x)

    generator = torch.Generator().manual_seed(SEED)
    image = torch.randn(1, 3, 224, 224, generator=generator)
    tokens = torch.randn(1, 16, 64, generator=generator)
    return {
        "mobilenet_v2": (seeded(lambda: torchvision.models.mobilenet_v2(weights=None)), image),
        "resnet18": (seeded(lambda: torchvision.models.resnet18(weights=None)), image),
        "transformer_encoder": (seeded(EncoderLayer), tokens),
    }


def export_model(torch, name, module, example, out_dir):
    import numpy as np

    # Gradients stay enabled for the reference run on purpose: PyTorch's fused inference fast path
    # for transformer layers only runs without them, and the export traces the ordinary path.
    reference = module(example).detach()
    onnx_path = os.path.join(out_dir, f"{name}.onnx")
    torch.onnx.export(module, (example,), onnx_path, opset_version=OPSET,
                      input_names=["input"], output_names=["output"],
                      do_constant_folding=True)
    np.save(os.path.join(out_dir, f"{name}.input.npy"),
            example.numpy().astype(np.float32))
    np.save(os.path.join(out_dir, f"{name}.output.npy"),
            reference.numpy().astype(np.float32))
    print(f"exported {name}: input {tuple(example.shape)} -> output {tuple(reference.shape)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output_dir")
    parser.add_argument("--only", nargs="*", default=None, help="export only these models")
    args = parser.parse_args()

    names = args.only if args.only else list(MODEL_NAMES)
    unknown = [name for name in names if name not in MODEL_NAMES]
    if unknown:
        print(f"export_test_models: unknown model(s) {', '.join(unknown)} "
              f"(known: {', '.join(MODEL_NAMES)})", file=sys.stderr)
        return 1
    os.makedirs(args.output_dir, exist_ok=True)
    remove_previous_outputs(args.output_dir, names)
    torch, torchvision = import_torch()
    torch.set_num_threads(2)
    models = build_models(torch, torchvision)
    for name in names:
        module, example = models[name]
        export_model(torch, name, module, example, args.output_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
