#!/usr/bin/python3
"""Trains the small Fashion-MNIST CNN the quantizer is measured on, and exports it as ONNX.

The network has the patterns the XNNPACK quantizer annotates: conv-bn-relu, a depthwise conv, a
residual add, max and global average pools, and a linear layer. It trains for a few epochs on the
CPU from Debian's dataset-fashion-mnist (nothing is downloaded) and writes
examples/models/fashion_cnn.onnx (opset 13, symbolic batch, input float32 [N, 1, 28, 28] in [0, 1],
output [N, 10] class scores). The ONNX file is committed; rerun this script (with /usr/bin/python3,
python3-torch and python3-onnx) only to change the model. Calibration and test arrays come from
scripts/fashion_mnist_arrays.py.
"""

import argparse
import pathlib
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from fashion_mnist_arrays import load_split  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parent.parent


def conv_bn_relu(cin: int, cout: int, stride: int = 1, groups: int = 1, kernel: int = 3):
    return nn.Sequential(
        nn.Conv2d(cin, cout, kernel, stride=stride, padding=kernel // 2, groups=groups, bias=False),
        nn.BatchNorm2d(cout), nn.ReLU())


class FashionCnn(nn.Module):
    def __init__(self, num_classes: int = 10):
        super().__init__()
        self.stem = conv_bn_relu(1, 32)                        # 28x28
        self.pool = nn.MaxPool2d(2)                            # 14x14
        self.block = nn.Sequential(                            # depthwise-separable, residual
            conv_bn_relu(32, 32, groups=32),
            nn.Conv2d(32, 32, 1, bias=False), nn.BatchNorm2d(32))
        self.relu = nn.ReLU()
        self.down = conv_bn_relu(32, 64, stride=2)             # 7x7
        self.mix = conv_bn_relu(64, 64)
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, num_classes))

    def forward(self, x):
        x = self.pool(self.stem(x))
        x = self.relu(x + self.block(x))
        return self.head(self.mix(self.down(x)))


def accuracy(model: nn.Module, images: torch.Tensor, labels: torch.Tensor) -> float:
    model.eval()
    correct = 0
    with torch.no_grad():
        for start in range(0, len(images), 1000):
            scores = model(images[start:start + 1000])
            correct += int((scores.argmax(1) == labels[start:start + 1000]).sum())
    return 100.0 * correct / len(images)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--output", type=pathlib.Path,
                        default=REPO / "examples" / "models" / "fashion_cnn.onnx")
    args = parser.parse_args()
    torch.manual_seed(0)
    np.random.seed(0)
    torch.set_num_threads(1)

    train_x, train_y = (torch.from_numpy(a) for a in load_split("train"))
    test_x, test_y = (torch.from_numpy(a) for a in load_split("t10k"))
    model = FashionCnn()
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    steps = args.epochs * ((len(train_x) + 127) // 128)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=3e-3, total_steps=steps)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(args.epochs):
        model.train()
        order = torch.randperm(len(train_x))
        for start in range(0, len(train_x), 128):
            batch = order[start:start + 128]
            optimizer.zero_grad()
            loss = loss_fn(model(train_x[batch]), train_y[batch])
            loss.backward()
            optimizer.step()
            schedule.step()
        print(f"epoch {epoch + 1}: loss {loss.item():.3f}, "
              f"test accuracy {accuracy(model, test_x, test_y):.2f} %")

    model.eval()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(model, test_x[:1], str(args.output), opset_version=13,
                      input_names=["image"], output_names=["scores"],
                      dynamic_axes={"image": {0: "batch"}, "scores": {0: "batch"}})
    print(f"wrote {args.output} ({args.output.stat().st_size} bytes), "
          f"test accuracy {accuracy(model, test_x, test_y):.2f} %")


if __name__ == "__main__":
    main()
