// Decodes the demo-en held-out test set with sherpa-onnx-node (loading
// model.onnx as a NeMo CTC model, greedy search) and prints WER and CER, to
// cross-check the recipe's own evaluation with an independent implementation
// of the features and the decoder.
//
// Usage: node sherpa_check.js MODEL_DIR TEST_TSV [HYPS_OUT]
//   MODEL_DIR  folder with model.onnx and tokens.txt
//   TEST_TSV   test.tsv from synth.py (file<TAB>text..., file relative to it)
//   HYPS_OUT   optional output file: file<TAB>reference<TAB>hypothesis

'use strict';

const fs = require('fs');
const path = require('path');
const sherpaOnnx = require('sherpa-onnx-node');

function editDistance(ref, hyp) {
  let prev = Array.from({length: hyp.length + 1}, (_, j) => j);
  for (let i = 1; i <= ref.length; i++) {
    const cur = [i];
    for (let j = 1; j <= hyp.length; j++) {
      cur[j] = Math.min(
          prev[j] + 1, cur[j - 1] + 1,
          prev[j - 1] + (ref[i - 1] === hyp[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[hyp.length];
}

function normalize(text) {
  return text.toLowerCase().trim().split(/\s+/).filter((w) => w.length > 0);
}

function main() {
  const [modelDir, testTsv, hypsOut] = process.argv.slice(2);
  if (!modelDir || !testTsv) {
    console.error('usage: node sherpa_check.js MODEL_DIR TEST_TSV [HYPS_OUT]');
    process.exit(2);
  }

  const recognizer = new sherpaOnnx.OfflineRecognizer({
    featConfig: {sampleRate: 16000, featureDim: 80},
    modelConfig: {
      nemoCtc: {model: path.join(modelDir, 'model.onnx')},
      tokens: path.join(modelDir, 'tokens.txt'),
      numThreads: 2,
      provider: 'cpu',
      debug: 0,
    },
    decodingMethod: 'greedy_search',
  });

  const baseDir = path.dirname(testTsv);
  const lines = fs.readFileSync(testTsv, 'utf8').split('\n').filter((l) => l);
  let wordErrors = 0, words = 0, charErrors = 0, chars = 0;
  const out = [];
  const start = Date.now();
  for (const line of lines) {
    const [file, text] = line.split('\t');
    const wave = sherpaOnnx.readWave(path.resolve(baseDir, file));
    const stream = recognizer.createStream();
    stream.acceptWaveform({sampleRate: wave.sampleRate, samples: wave.samples});
    recognizer.decode(stream);
    const hyp = normalize(recognizer.getResult(stream).text);
    const ref = normalize(text);
    wordErrors += editDistance(ref, hyp);
    words += ref.length;
    charErrors += editDistance([...ref.join(' ')], [...hyp.join(' ')]);
    chars += ref.join(' ').length;
    out.push(`${file}\t${ref.join(' ')}\t${hyp.join(' ')}`);
  }
  if (hypsOut) {
    fs.writeFileSync(hypsOut, out.join('\n') + '\n');
  }
  const seconds = (Date.now() - start) / 1000;
  console.log(`sherpa-onnx-node: ${lines.length} utterances in ${seconds.toFixed(1)} s`);
  console.log(`WER ${(100 * wordErrors / words).toFixed(2)}% (${wordErrors}/${words} words)`);
  console.log(`CER ${(100 * charErrors / chars).toFixed(2)}% (${charErrors}/${chars} characters, spaces included)`);
}

main();
