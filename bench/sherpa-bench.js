// Measures sherpa-onnx-node on the same files, model and thread count as AsrBench, at several concurrency
// levels, and prints one JSON object per level with the same fields.
// Usage: node sherpa-bench.js MODEL_DIR THREADS CONCURRENCY[,...] ROUNDS WAV...
// Concurrent requests share one recognizer and run through decodeAsync on libuv's thread pool, so
// UV_THREADPOOL_SIZE must be at least the highest concurrency (asr-bench.sh sets it).
'use strict';
const path = require('path');
const sherpa = require(path.join(__dirname, 'node', 'node_modules', 'sherpa-onnx-node'));

async function main() {
  const [modelDir, threads, levels, rounds, ...files] = process.argv.slice(2);
  if (!files.length) {
    console.error('usage: node sherpa-bench.js MODEL_DIR THREADS CONCURRENCY[,...] ROUNDS WAV...');
    process.exit(2);
  }
  const recognizer = new sherpa.OfflineRecognizer({
    featConfig: {sampleRate: 16000, featureDim: 80},
    modelConfig: {
      nemoCtc: {model: path.join(modelDir, 'model.onnx')},
      tokens: path.join(modelDir, 'tokens.txt'),
      numThreads: Number(threads),
      provider: 'cpu',
      debug: 0,
    },
  });

  async function transcribe(file) {
    const started = process.hrtime.bigint();
    const wave = sherpa.readWave(file);
    const stream = recognizer.createStream();
    stream.acceptWaveform({samples: wave.samples, sampleRate: wave.sampleRate});
    const result = await recognizer.decodeAsync(stream);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return {seconds, duration: wave.samples.length / wave.sampleRate, text: result.text};
  }

  for (const file of files) {
    const r = await transcribe(file);
    console.log(JSON.stringify({engine: 'sherpa-onnx', file: path.basename(file), text: r.text.trim()}));
  }
  for (let pass = 0; pass < 5; pass++) {
    for (const file of files) {
      await transcribe(file);
    }
  }
  for (const level of levels.split(',').map(Number)) {
    const requests = files.length * Number(rounds);
    const latencies = new Array(requests);
    const durations = new Array(requests);
    let next = 0;
    const started = process.hrtime.bigint();
    const workers = [];
    for (let w = 0; w < level; w++) {
      workers.push((async () => {
        for (let i = next++; i < requests; i = next++) {
          const r = await transcribe(files[i % files.length]);
          latencies[i] = r.seconds;
          durations[i] = r.duration;
        }
      })());
    }
    await Promise.all(workers);
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(JSON.stringify(summary('sherpa-onnx', level, wall, latencies, durations)));
  }
}

function summary(engine, concurrency, wall, latencies, durations) {
  const audio = durations.reduce((a, b) => a + b, 0);
  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (q) => sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1))];
  const round = (x, digits) => Number(x.toFixed(digits));
  return {
    engine, concurrency, requests: latencies.length, audio_s: round(audio, 3), wall_s: round(wall, 3),
    rtf: round(wall / audio, 5),
    latency_mean_ms: round(latencies.reduce((a, b) => a + b, 0) / latencies.length * 1000, 1),
    latency_p50_ms: round(pct(0.5) * 1000, 1), latency_p95_ms: round(pct(0.95) * 1000, 1),
  };
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
