#!/usr/bin/python3
"""Makes a small QDQ ONNX model laid out the way ONNX Runtime's quantize_static writes one, with
ONNX's own Python helpers (no ONNX Runtime needed), plus an input and the expected output.

Layout (as quantize_static(QuantFormat.QDQ, per_channel=True) produces at opset 13):
  - activations: QuantizeLinear -> DequantizeLinear pairs, uint8 with an asymmetric zero point;
  - weights: int8 initializers ("<w>_quantized"), symmetric per output channel (axis 0),
    zero point 0, read through DequantizeLinear;
  - biases: int32 initializers, scale = input scale x weight scale (per channel), zero point 0.
The graph: x[1, 3, 8, 8] -> Conv 3x3 (4 channels) -> Relu -> GlobalAveragePool -> Flatten
-> Gemm (transB, 5 outputs) -> y[1, 5], with QDQ on every activation edge.

Writes into OUT_DIR (default tests/fixtures/qdq): qdq_ort_style.onnx, input_0.pb and output_0.pb
(ONNX TensorProto files as in ONNX's backend test data). The expected output is a float64 NumPy
simulation of the QDQ graph (round half to even, saturating), stored as float32.
"""

import argparse
import pathlib

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

REPO = pathlib.Path(__file__).resolve().parent.parent
rng = np.random.default_rng(7)


def asymmetric_uint8(values):
    lo, hi = min(float(values.min()), 0.0), max(float(values.max()), 0.0)
    scale = np.float32((hi - lo) / 255.0)
    zero_point = np.uint8(np.clip(np.round(-lo / scale), 0, 255))
    return scale, zero_point


def quantize(x, scale, zero_point, lo, hi):
    return np.clip(np.round(x / scale) + zero_point, lo, hi)


def qdq_uint8(x, scale, zero_point):
    q = quantize(x, np.float64(scale), np.float64(zero_point), 0, 255)
    return (q - np.float64(zero_point)) * np.float64(scale)


def symmetric_int8_per_channel(weights):
    flat = weights.reshape(weights.shape[0], -1)
    scales = (np.abs(flat).max(axis=1) / 127.0).astype(np.float32)
    shape = (-1,) + (1,) * (weights.ndim - 1)
    q = np.clip(np.round(weights / scales.reshape(shape)), -127, 127).astype(np.int8)
    return q, scales


def conv2d_same3x3(x, w, b):
    n, c, h, wd = x.shape
    padded = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    out = np.zeros((n, w.shape[0], h, wd))
    for i in range(3):
        for j in range(3):
            patch = padded[:, :, i:i + h, j:j + wd]
            out += np.einsum("nchw,oc->nohw", patch, w[:, :, i, j])
    return out + b.reshape(1, -1, 1, 1)


class Builder:
    def __init__(self):
        self.nodes, self.initializers = [], []

    def constant(self, name, array):
        self.initializers.append(numpy_helper.from_array(array, name))
        return name

    def qdq(self, tensor, scale, zero_point):
        """QuantizeLinear -> DequantizeLinear on an activation, named as quantize_static does."""
        s = self.constant(f"{tensor}_scale", np.array(scale, dtype=np.float32))
        z = self.constant(f"{tensor}_zero_point", np.array(zero_point, dtype=np.uint8))
        q, d = f"{tensor}_QuantizeLinear_Output", f"{tensor}_DequantizeLinear_Output"
        self.nodes.append(helper.make_node("QuantizeLinear", [tensor, s, z], [q],
                                           name=f"{tensor}_QuantizeLinear"))
        self.nodes.append(helper.make_node("DequantizeLinear", [q, s, z], [d],
                                           name=f"{tensor}_DequantizeLinear"))
        return d

    def dq_constant(self, name, quantized, scales, axis):
        q = self.constant(f"{name}_quantized", quantized)
        s = self.constant(f"{name}_scale", scales)
        zero = np.zeros(scales.shape, dtype=quantized.dtype)
        z = self.constant(f"{name}_zero_point", zero)
        out = f"{name}_DequantizeLinear_Output"
        self.nodes.append(helper.make_node("DequantizeLinear", [q, s, z], [out], axis=axis,
                                           name=f"{name}_DequantizeLinear"))
        return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=pathlib.Path, nargs="?",
                        default=REPO / "tests" / "fixtures" / "qdq")
    args = parser.parse_args()

    x = rng.uniform(-1.0, 1.0, size=(1, 3, 8, 8)).astype(np.float32)
    conv_w = rng.normal(0.0, 0.3, size=(4, 3, 3, 3)).astype(np.float32)
    conv_b = rng.normal(0.0, 0.1, size=4).astype(np.float32)
    fc_w = rng.normal(0.0, 0.5, size=(5, 4)).astype(np.float32)
    fc_b = rng.normal(0.0, 0.1, size=5).astype(np.float32)

    # Float forward pass for the activation ranges (the "calibration" of this fixture).
    conv_out = np.maximum(conv2d_same3x3(x, conv_w, conv_b), 0.0)
    pooled = conv_out.mean(axis=(2, 3))
    logits = pooled @ fc_w.T + fc_b
    x_s, x_z = asymmetric_uint8(x)
    r_s, r_z = asymmetric_uint8(conv_out)
    p_s, p_z = asymmetric_uint8(pooled)
    y_s, y_z = asymmetric_uint8(logits)

    conv_wq, conv_ws = symmetric_int8_per_channel(conv_w)
    fc_wq, fc_ws = symmetric_int8_per_channel(fc_w)
    conv_bs = (np.float32(x_s) * conv_ws).astype(np.float32)
    fc_bs = (np.float32(p_s) * fc_ws).astype(np.float32)
    conv_bq = np.round(conv_b / conv_bs).astype(np.int32)
    fc_bq = np.round(fc_b / fc_bs).astype(np.int32)

    b = Builder()
    xd = b.qdq("x", x_s, x_z)
    wd = b.dq_constant("conv.weight", conv_wq, conv_ws, 0)
    bd = b.dq_constant("conv.bias", conv_bq, conv_bs, 0)
    b.nodes.append(helper.make_node("Conv", [xd, wd, bd], ["conv_out"], pads=[1, 1, 1, 1],
                                    name="conv"))
    b.nodes.append(helper.make_node("Relu", ["conv_out"], ["relu_out"], name="relu"))
    rd = b.qdq("relu_out", r_s, r_z)
    b.nodes.append(helper.make_node("GlobalAveragePool", [rd], ["pool_out"], name="pool"))
    pd = b.qdq("pool_out", p_s, p_z)
    b.nodes.append(helper.make_node("Flatten", [pd], ["flat"], name="flatten"))
    fd = b.qdq("flat", p_s, p_z)
    fwd = b.dq_constant("fc.weight", fc_wq, fc_ws, 0)
    fbd = b.dq_constant("fc.bias", fc_bq, fc_bs, 0)
    b.nodes.append(helper.make_node("Gemm", [fd, fwd, fbd], ["logits"], transB=1, name="fc"))
    yq = b.qdq("logits", y_s, y_z)
    b.nodes.append(helper.make_node("Identity", [yq], ["y"], name="output"))

    graph = helper.make_graph(
        b.nodes, "qdq_ort_style",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 5])], b.initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                              producer_name="edgeq make_qdq_fixture.py")
    model.ir_version = 7
    onnx.checker.check_model(model)

    # The QDQ simulation in float64.
    def dequant(q, scales, shape):
        return q.astype(np.float64) * scales.astype(np.float64).reshape(shape)

    xs = qdq_uint8(x.astype(np.float64), x_s, x_z)
    conv = conv2d_same3x3(xs, dequant(conv_wq, conv_ws, (-1, 1, 1, 1)),
                          dequant(conv_bq, conv_bs, (-1,)))
    rs = qdq_uint8(np.maximum(conv, 0.0), r_s, r_z)
    ps = qdq_uint8(rs.mean(axis=(2, 3)), p_s, p_z)
    fs = qdq_uint8(ps, p_s, p_z)
    ys = qdq_uint8(fs @ dequant(fc_wq, fc_ws, (-1, 1)).T + dequant(fc_bq, fc_bs, (-1,)), y_s, y_z)

    args.out_dir.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(args.out_dir / "qdq_ort_style.onnx"))
    for name, array in (("input_0.pb", x), ("output_0.pb", ys.astype(np.float32))):
        tensor = numpy_helper.from_array(array, "x" if name.startswith("input") else "y")
        (args.out_dir / name).write_bytes(tensor.SerializeToString())
    print(f"wrote {args.out_dir}: output scale {y_s:.6g}")


if __name__ == "__main__":
    main()
