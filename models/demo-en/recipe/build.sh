#!/usr/bin/env bash
# Rebuilds the demo-en model from scratch: synthesis, training, ONNX export,
# evaluation with the recipe's own decoder, and the sherpa-onnx-node cross-check.
#
# Usage: models/demo-en/recipe/build.sh [WORK_DIR]
#   WORK_DIR  generated audio, features and checkpoints
#             (default: models/demo-en/recipe/work, ignored by git)
# Environment: MAX_STEPS (training steps, default 9000).
#
# Needs Debian packages python3-torch python3-torchaudio python3-onnx
# python3-numpy python3-sentencepiece espeak-ng sox libopenblas0-pthread,
# and node with npm for the cross-check. Each stage skips work that is already
# done, and training resumes from WORK_DIR/exp/last.pt, so rerunning the
# script after an interruption continues where it stopped.
set -euo pipefail

RECIPE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODEL_DIR="$(dirname "$RECIPE")"
WORK="${1:-$RECIPE/work}"
MAX_STEPS="${MAX_STEPS:-9000}"
PYTHON=/usr/bin/python3
COMMENT="Lightning ASR demo-en: small Conformer-CTC (8x subsampling, SentencePiece BPE) trained only on synthetic espeak-ng English speech over a closed list of about 500 words; not a model for real human speech."
mkdir -p "$WORK"
# OpenMP threads sleep instead of spinning while they wait, which matters when
# other processes share the two cores.
export OMP_WAIT_POLICY=PASSIVE

stage() { echo "== $(date -u +%H:%M:%S) $*"; }
start=$(date +%s)

if [ ! -f "$WORK/train/lengths.npy" ]; then
  stage "synthesizing training and test sets"
  "$PYTHON" "$RECIPE/synth.py" --work "$WORK"
fi

stage "training to step $MAX_STEPS"
"$PYTHON" "$RECIPE/train.py" --work "$WORK" --max-steps "$MAX_STEPS"

stage "exporting ONNX model"
"$PYTHON" "$RECIPE/export.py" --work "$WORK" --out-dir "$MODEL_DIR" --comment "$COMMENT"

stage "evaluating with the recipe's decoder"
"$PYTHON" "$RECIPE/evaluate.py" --work "$WORK" --hyps "$WORK/hyps-recipe.tsv" | tee "$WORK/wer-recipe.txt"

stage "cross-checking with sherpa-onnx-node"
if [ ! -d "$RECIPE/node_modules/sherpa-onnx-node" ]; then
  (cd "$RECIPE" && npm install --no-audit --no-fund)
fi
node "$RECIPE/sherpa_check.js" "$MODEL_DIR" "$WORK/test/test.tsv" "$WORK/hyps-sherpa.tsv" | tee "$WORK/wer-sherpa.txt"

stage "done in $(( ($(date +%s) - start) / 60 )) min"
