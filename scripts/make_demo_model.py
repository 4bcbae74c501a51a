#!/usr/bin/python3
"""Makes the small demo CNN that scripts/demo.sh compiles and runs.

Writes, into the output folder (default: examples/models next to this script's repository):
  demo_cnn.onnx        the model (opset 13, symbolic batch dimension), random weights, fixed seed
  demo_cnn.input.npy   one fixed input batch, float32 [2, 3, 32, 32]
  demo_cnn.output.npy  PyTorch's output for that input, float32 [2, 10]

The generated files are committed, so the demo needs no PyTorch; rerun this script (with Debian's
/usr/bin/python3, python3-torch and python3-onnx) only to change the model.
"""

import argparse
import pathlib

import numpy as np
import torch
from torch import nn


class DemoCnn(nn.Module):
    """conv-bn-relu, max pool, a residual conv-bn-relu block, global average pool, linear."""

    def __init__(self, num_classes: int = 10):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU())
        self.pool = nn.MaxPool2d(2)
        self.block = nn.Sequential(
            nn.Conv2d(16, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU())
        self.widen = nn.Sequential(
            nn.Conv2d(16, 32, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU())
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, num_classes))

    def forward(self, x):
        x = self.pool(self.stem(x))
        x = x + self.block(x)
        return self.head(self.widen(x))


def randomize_batch_norm(model: nn.Module) -> None:
    """Gives every BatchNorm non-trivial statistics so that folding it is really exercised."""
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            module.running_mean.uniform_(-0.5, 0.5)
            module.running_var.uniform_(0.5, 2.0)
            module.weight.data.uniform_(0.5, 1.5)
            module.bias.data.uniform_(-0.2, 0.2)


def main() -> None:
    repo = pathlib.Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=pathlib.Path, default=repo / "examples" / "models")
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)

    torch.manual_seed(0)
    model = DemoCnn()
    with torch.no_grad():
        randomize_batch_norm(model)
    model.eval()

    example = torch.randn(2, 3, 32, 32, generator=torch.Generator().manual_seed(1))
    onnx_path = args.out_dir / "demo_cnn.onnx"
    torch.onnx.export(model, example, str(onnx_path), opset_version=13,
                      input_names=["image"], output_names=["logits"],
                      dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}})
    with torch.no_grad():
        reference = model(example).numpy()
    np.save(args.out_dir / "demo_cnn.input.npy", example.numpy().astype(np.float32))
    np.save(args.out_dir / "demo_cnn.output.npy", reference.astype(np.float32))
    print(f"wrote {onnx_path} ({onnx_path.stat().st_size} bytes) and its reference input/output")


if __name__ == "__main__":
    main()
