// Prints the AsrBench and sherpa-bench.js results side by side with the Java/sherpa ratio per concurrency.
// Usage: node compare.js RESULTS.jsonl (one JSON object per line from both benchmarks)
'use strict';
const fs = require('fs');

const rows = fs.readFileSync(process.argv[2], 'utf8').split('\n')
    .filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
const texts = {java: new Map(), sherpa: new Map()};
for (const row of rows.filter((r) => r.file !== undefined)) {
  texts[row.engine === 'java' ? 'java' : 'sherpa'].set(row.file, row.text);
}
const same = [...texts.java.entries()].filter(([file, text]) => texts.sherpa.get(file) === text).length;
console.log(`identical transcripts: ${same} of ${texts.java.size} files`);
for (const [file, text] of texts.java) {
  if (texts.sherpa.get(file) !== text) {
    console.log(`  ${file}: java '${text}' sherpa-onnx '${texts.sherpa.get(file)}'`);
  }
}
const byLevel = new Map();
for (const row of rows.filter((r) => r.concurrency !== undefined)) {
  if (!byLevel.has(row.concurrency)) byLevel.set(row.concurrency, {});
  byLevel.get(row.concurrency)[row.engine === 'java' ? 'java' : 'sherpa'] = row;
}
const header = ['concurrency', 'requests', 'audio_s', 'java_rtf', 'sherpa_rtf', 'rtf_ratio',
  'java_p50_ms', 'sherpa_p50_ms', 'java_p95_ms', 'sherpa_p95_ms', 'p50_ratio'];
console.log(header.join('\t'));
for (const [level, {java, sherpa}] of [...byLevel.entries()].sort((a, b) => a[0] - b[0])) {
  if (!java || !sherpa) {
    console.log(`${level}\tmissing ${java ? 'sherpa-onnx' : 'java'} result`);
    continue;
  }
  console.log([level, java.requests, java.audio_s, java.rtf, sherpa.rtf, (java.rtf / sherpa.rtf).toFixed(2),
    java.latency_p50_ms, sherpa.latency_p50_ms, java.latency_p95_ms, sherpa.latency_p95_ms,
    (java.latency_p50_ms / sherpa.latency_p50_ms).toFixed(2)].join('\t'));
}
