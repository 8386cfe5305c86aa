// Prints, for each WAV file, one JSON line with the tokens and timestamps
// that sherpa-onnx-node decodes with a feature probe model (see
// feature_check.py, which runs this script).
//
// Usage: node feature_probe.js MODEL_DIR WAV...

'use strict';

const path = require('path');
const sherpaOnnx = require('sherpa-onnx-node');

const [modelDir, ...wavs] = process.argv.slice(2);
const recognizer = new sherpaOnnx.OfflineRecognizer({
  featConfig: {sampleRate: 16000, featureDim: 80},
  modelConfig: {
    nemoCtc: {model: path.join(modelDir, 'model.onnx')},
    tokens: path.join(modelDir, 'tokens.txt'),
    numThreads: 1,
    provider: 'cpu',
    debug: 0,
  },
  decodingMethod: 'greedy_search',
});
for (const wav of wavs) {
  const wave = sherpaOnnx.readWave(wav);
  const stream = recognizer.createStream();
  stream.acceptWaveform({sampleRate: wave.sampleRate, samples: wave.samples});
  recognizer.decode(stream);
  const result = recognizer.getResult(stream);
  console.log(JSON.stringify({tokens: result.tokens, timestamps: result.timestamps}));
}
