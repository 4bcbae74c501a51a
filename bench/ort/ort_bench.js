// Times one ONNX model on ONNX Runtime's CPU execution provider, the peer edgeq's benchmarks
// compare against. Inputs are random (fixed seed) with the model's declared shapes; dynamic
// dimensions are 1.
//
// Usage: node ort_bench.js MODEL.onnx [--threads N] [--iters K] [--warmup W]
// Prints one JSON object: {"model", "threads", "iters", "load_ms", "median_ms", "p90_ms", "min_ms"}.
'use strict';

const ort = require('onnxruntime-node');

function parseArgs(argv) {
  const options = {threads: 1, iters: 50, warmup: 5, model: null};
  for (let i = 0; i < argv.length; ++i) {
    const flag = argv[i];
    if (flag === '--threads' || flag === '--iters' || flag === '--warmup') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < (flag === '--warmup' ? 0 : 1)) {
        throw new Error(`${flag} needs a positive integer, got '${argv[i]}'`);
      }
      options[flag.slice(2)] = value;
    } else if (options.model === null && !flag.startsWith('--')) {
      options.model = flag;
    } else {
      throw new Error(`unknown argument '${flag}'`);
    }
  }
  if (options.model === null) throw new Error('usage: ort_bench.js MODEL.onnx [--threads N]');
  return options;
}

// A small deterministic generator (mulberry32), so runs feed identical data.
function randomFloats(count, seed) {
  const values = new Float32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; ++i) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    values[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return values;
}

function makeFeeds(session) {
  const feeds = {};
  session.inputNames.forEach((name, index) => {
    const metadata = session.inputMetadata[index];
    if (metadata.type !== 'float32') {
      throw new Error(`input '${name}' has type ${metadata.type}; only float32 inputs are fed`);
    }
    const dims = metadata.shape.map((dim) => (typeof dim === 'number' && dim > 0 ? dim : 1));
    const count = dims.reduce((a, b) => a * b, 1);
    feeds[name] = new ort.Tensor('float32', randomFloats(count, index + 1), dims);
  });
  return feeds;
}

function percentile(sorted, fraction) {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const loadStart = process.hrtime.bigint();
  const session = await ort.InferenceSession.create(options.model, {
    executionProviders: ['cpu'],
    intraOpNumThreads: options.threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;
  const feeds = makeFeeds(session);
  for (let i = 0; i < options.warmup; ++i) await session.run(feeds);
  const times = [];
  for (let i = 0; i < options.iters; ++i) {
    const start = process.hrtime.bigint();
    await session.run(feeds);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({
    model: options.model,
    threads: options.threads,
    iters: options.iters,
    load_ms: loadMs,
    median_ms: percentile(times, 0.5),
    p90_ms: percentile(times, 0.9),
    min_ms: times[0],
  }));
}

main().catch((error) => {
  console.error(`ort_bench: ${error.message}`);
  process.exit(1);
});
