#!/usr/bin/python3
"""Fashion-MNIST as NumPy arrays, read from Debian's dataset-fashion-mnist package (no download).

As a script, writes into OUT_DIR:
  fashion_calib.npy         float32 [N, 1, 28, 28] in [0, 1]: the first N training images
                            (default 512), the calibration data of `edgeq quantize`
  fashion_test.npy          float32 [10000, 1, 28, 28] in [0, 1]: the whole test set
  fashion_test_labels.npy   int64 [10000]: the test labels (0-9)

The arrays are written at test time, never committed. Exit status 2 when the dataset is not
installed (a test harness reports a skip), 1 on other errors. scripts/train_fashion_mnist.py imports
load_split() from here, so the model is trained on exactly the pixels the tests feed it.
"""

import argparse
import gzip
import pathlib
import sys

import numpy as np

DATASET_DIR = pathlib.Path("/usr/share/datasets/fashion-mnist")
IMAGE_MAGIC = 2051
LABEL_MAGIC = 2049
MISSING_DATASET_EXIT_CODE = 2  # lets a test harness report a skip


def read_idx(path: pathlib.Path, magic: int, header_words: int) -> np.ndarray:
    """The payload of an IDX file (gzip-compressed), after checking its magic number."""
    if not path.exists():
        print(f"{path} not found: install the Debian package 'dataset-fashion-mnist'",
              file=sys.stderr)
        sys.exit(MISSING_DATASET_EXIT_CODE)
    with gzip.open(path, "rb") as f:
        data = f.read()
    header = np.frombuffer(data, dtype=">u4", count=header_words)
    if header[0] != magic:
        sys.exit(f"{path}: magic number {header[0]}, expected {magic}")
    return np.frombuffer(data, dtype=np.uint8, offset=4 * header_words), header


def load_split(split: str, dataset_dir: pathlib.Path = DATASET_DIR):
    """(images float32 [N, 1, 28, 28] in [0, 1], labels int64 [N]) of split 'train' or 't10k'."""
    pixels, header = read_idx(dataset_dir / f"{split}-images-idx3-ubyte.gz", IMAGE_MAGIC, 4)
    count, rows, cols = (int(v) for v in header[1:4])
    images = pixels.reshape(count, 1, rows, cols).astype(np.float32) / np.float32(255.0)
    labels, _ = read_idx(dataset_dir / f"{split}-labels-idx1-ubyte.gz", LABEL_MAGIC, 2)
    if labels.shape[0] != count:
        sys.exit(f"{split}: {count} images but {labels.shape[0]} labels")
    return images, labels.astype(np.int64)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=pathlib.Path)
    parser.add_argument("--calib-count", type=int, default=512)
    parser.add_argument("--dataset-dir", type=pathlib.Path, default=DATASET_DIR)
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    train_images, _ = load_split("train", args.dataset_dir)
    test_images, test_labels = load_split("t10k", args.dataset_dir)
    np.save(args.out_dir / "fashion_calib.npy", np.ascontiguousarray(train_images[:args.calib_count]))
    np.save(args.out_dir / "fashion_test.npy", np.ascontiguousarray(test_images))
    np.save(args.out_dir / "fashion_test_labels.npy", test_labels)


if __name__ == "__main__":
    main()
