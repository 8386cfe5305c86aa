#!/usr/bin/env bash
# Rebuilds the demo-en model from scratch: synthesis, training, ONNX export,
# evaluation with the recipe's own decoder, and the sherpa-onnx-node cross-check.
#
# Usage: models/demo-en/recipe/build.sh [WORK_DIR]
#   WORK_DIR  generated audio, features and checkpoints
#             (default: models/demo-en/recipe/work, ignored by git)
# Training has two stages. Stage 1 trains on 256 SentencePiece BPE pieces
# (most words are two or three pieces) in WORK_DIR/exp. Stage 2, in
# WORK_DIR/words, starts from stage 1's weights with a fresh output layer for
# 1000 BPE pieces, a vocabulary large enough that every listed word is one
# piece, and trains on for a cosine cycle and a warm restart. Stage 2 is the
# model that ships.
# Environment: MAX_STEPS (steps of stage 1's first learning-rate cycle, default
# 2600), EXTRA_STEPS (comma-separated lengths of its extra cycles, default
# 2200,1200,800) and WORD_STEPS (steps of stage 2's first cycle, default 4000;
# its warm restart adds 1600).
#
# Needs Debian packages python3-torch python3-torchaudio python3-onnx
# python3-numpy python3-sentencepiece espeak-ng sox ffmpeg libopenblas0-pthread,
# and node with npm for the cross-check. Synthesis is skipped when its output
# exists and training resumes from WORK_DIR/exp/last.pt, so rerunning the
# script after an interruption continues where it stopped.
set -euo pipefail

RECIPE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODEL_DIR="$(dirname "$RECIPE")"
WORK="${1:-$RECIPE/work}"
MAX_STEPS="${MAX_STEPS:-2600}"
EXTRA_STEPS="${EXTRA_STEPS:-2200,1200,800}"
WORD_STEPS="${WORD_STEPS:-4000}"
WORD_RESTART_STEPS=1600
WORDS="$WORK/words"
PYTHON=/usr/bin/python3
COMMENT="Lightning ASR demo-en: 3.3M-parameter Conformer-CTC (8x subsampling, 1000 SentencePiece BPE pieces plus blank, one piece per listed word) trained only on 13.9 h of synthetic English speech from espeak-ng (8 English voices with 97 variants, noise and channel augmentation) reading random sequences of a closed list of 507 common words. It cannot recognize other words and is not a model for real human speech. Input: 80-bin log-mel features, per_feature normalised, as sherpa-onnx computes them for NeMo CTC models."
mkdir -p "$WORK"
# OpenMP threads sleep instead of spinning while they wait. train.py sets the
# same default and gives the reason, and this export covers the other steps.
export OMP_WAIT_POLICY=PASSIVE

stage() { echo "== $(date -u +%H:%M:%S) $*"; }
start=$(date +%s)

if [ ! -f "$WORK/train/lengths.npy" ]; then
  stage "synthesizing training and test sets"
  "$PYTHON" "$RECIPE/synth.py" --work "$WORK"
fi

stage "training stage 1 (256 pieces) to step $MAX_STEPS + $EXTRA_STEPS"
"$PYTHON" "$RECIPE/train.py" --work "$WORK" --max-steps "$MAX_STEPS" \
  --extra-steps "$EXTRA_STEPS" --extra-peak-lr 8e-4,5e-4,4e-4

stage "training stage 2 (whole-word pieces) to step $WORD_STEPS + $WORD_RESTART_STEPS"
mkdir -p "$WORDS"
ln -sfn ../train "$WORDS/train"
ln -sfn ../test "$WORDS/test"
"$PYTHON" "$RECIPE/train.py" --work "$WORDS" --vocab-size 1000 --init-from "$WORK/exp/last.pt" \
  --max-steps "$WORD_STEPS" --extra-steps "$WORD_RESTART_STEPS" --extra-peak-lr 5e-4 --peak-lr 1e-3 --warmup 200

stage "exporting ONNX model"
"$PYTHON" "$RECIPE/export.py" --work "$WORDS" --out-dir "$MODEL_DIR" --comment "$COMMENT" --no-average

stage "evaluating with the recipe's decoder"
"$PYTHON" "$RECIPE/evaluate.py" --work "$WORDS" --no-average --hyps "$WORK/hyps-recipe.tsv" | tee "$WORK/wer-recipe.txt"

if [ ! -d "$RECIPE/node_modules/sherpa-onnx-node" ]; then
  stage "installing sherpa-onnx-node from the npm registry"
  (cd "$RECIPE" && npm install --no-audit --no-fund)
fi

stage "comparing features.py with sherpa-onnx's features"
"$PYTHON" "$RECIPE/feature_check.py" "$WORK"/test/wav/0000[0-4].wav | tail -1

stage "cross-checking with sherpa-onnx-node"
node "$RECIPE/sherpa_check.js" "$MODEL_DIR" "$WORK/test/test.tsv" "$WORK/hyps-sherpa.tsv" | tee "$WORK/wer-sherpa.txt"
recipe_wer=$(sed -n 's/^WER \([0-9.]*\)%.*/\1/p' "$WORK/wer-recipe.txt")
sherpa_wer=$(sed -n 's/^WER \([0-9.]*\)%.*/\1/p' "$WORK/wer-sherpa.txt")
if ! awk -v a="$recipe_wer" -v b="$sherpa_wer" 'BEGIN { d = a - b; exit !(d <= 1 && d >= -1) }'; then
  echo "sherpa-onnx WER $sherpa_wer% differs from the recipe's $recipe_wer% by more than 1 point" >&2
  exit 1
fi

stage "writing samples/ from held-out test utterances"
SAMPLES="$(dirname "$(dirname "$MODEL_DIR")")/samples"
"$PYTHON" "$RECIPE/make_samples.py" --work "$WORK" --out-dir "$SAMPLES"

stage "decoding samples/ with sherpa-onnx-node (converted to 16 kHz mono WAV by ffmpeg)"
mkdir -p "$WORK/samples-16k"
: > "$WORK/samples-16k/samples.tsv"
while IFS=$'\t' read -r file text; do
  ffmpeg -nostdin -loglevel error -y -i "$SAMPLES/$file" -ar 16000 -ac 1 -c:a pcm_s16le "$WORK/samples-16k/$file.wav"
  printf '%s\t%s\n' "$file.wav" "$text" >> "$WORK/samples-16k/samples.tsv"
done < "$SAMPLES/transcripts.tsv"
node "$RECIPE/sherpa_check.js" "$MODEL_DIR" "$WORK/samples-16k/samples.tsv" "$WORK/samples-16k/hyps.tsv"
cat "$WORK/samples-16k/hyps.tsv"

stage "done in $(( ($(date +%s) - start) / 60 )) min"
