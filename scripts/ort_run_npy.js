// Runs an ONNX model on ONNX Runtime's CPU execution provider (npm onnxruntime-node) over a
// float32 .npy input and writes the float32 output as .npy: the check that edgeq's exported QDQ
// ONNX runs in ONNX Runtime and matches edgeq's own simulation.
//
// Usage: node ort_run_npy.js MODEL.onnx INPUT.npy OUTPUT.npy [--chunk N]
// The model's first input is fed INPUT in chunks of N samples (default 500) along dimension 0;
// the first output of every chunk is concatenated into OUTPUT. onnxruntime-node is found through
// NODE_PATH (e.g. bench/ort/node_modules after `npm install` there).
'use strict';

const fs = require('fs');
const ort = require('onnxruntime-node');

function readNpyFloat32(path) {
  const bytes = fs.readFileSync(path);
  if (bytes.toString('latin1', 1, 6) !== 'NUMPY') throw new Error(`${path}: not a .npy file`);
  const major = bytes[6];
  const headerLength = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const headerStart = major === 1 ? 10 : 12;
  const header = bytes.toString('latin1', headerStart, headerStart + headerLength);
  if (!header.includes("'descr': '<f4'") || header.includes("'fortran_order': True")) {
    throw new Error(`${path}: only C-order little-endian float32 is supported (${header.trim()})`);
  }
  const shape = header.match(/'shape': \(([^)]*)\)/)[1].split(',')
                    .map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  const offset = headerStart + headerLength;
  const count = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(count);
  for (let i = 0; i < count; ++i) data[i] = bytes.readFloatLE(offset + 4 * i);
  return {shape, data};
}

function writeNpyFloat32(path, shape, data) {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${
      shape.length === 1 ? ',' : ''}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix[6] = 1;
  prefix[7] = 0;
  prefix.writeUInt16LE(header.length, 8);
  const body = Buffer.alloc(4 * data.length);
  for (let i = 0; i < data.length; ++i) body.writeFloatLE(data[i], 4 * i);
  fs.writeFileSync(path, Buffer.concat([prefix, Buffer.from(header, 'latin1'), body]));
}

async function main() {
  const args = process.argv.slice(2);
  let chunk = 500;
  const chunkAt = args.indexOf('--chunk');
  if (chunkAt >= 0) {
    chunk = Number(args[chunkAt + 1]);
    args.splice(chunkAt, 2);
  }
  if (args.length !== 3 || !Number.isInteger(chunk) || chunk < 1) {
    throw new Error('usage: ort_run_npy.js MODEL.onnx INPUT.npy OUTPUT.npy [--chunk N]');
  }
  const [modelPath, inputPath, outputPath] = args;
  const session = await ort.InferenceSession.create(modelPath, {intraOpNumThreads: 1});
  const input = readNpyFloat32(inputPath);
  const sampleSize = input.data.length / input.shape[0];
  const pieces = [];
  let outShape = null;
  for (let start = 0; start < input.shape[0]; start += chunk) {
    const count = Math.min(chunk, input.shape[0] - start);
    const slice = input.data.subarray(start * sampleSize, (start + count) * sampleSize);
    const feeds = {};
    feeds[session.inputNames[0]] =
        new ort.Tensor('float32', Float32Array.from(slice), [count, ...input.shape.slice(1)]);
    const result = await session.run(feeds);
    const out = result[session.outputNames[0]];
    outShape = out.dims.slice(1);
    pieces.push(out.data);
  }
  const total = pieces.reduce((n, p) => n + p.length, 0);
  const data = new Float32Array(total);
  let at = 0;
  for (const p of pieces) {
    data.set(p, at);
    at += p.length;
  }
  writeNpyFloat32(outputPath, [input.shape[0], ...outShape], data);
}

main().catch((error) => {
  console.error(`ort_run_npy: ${error.message}`);
  process.exit(1);
});
