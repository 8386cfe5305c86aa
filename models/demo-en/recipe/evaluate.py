"""Evaluate a demo-en checkpoint on the held-out test set with greedy CTC decoding.

Reads the test WAV files (16 kHz PCM16), computes features with
``features.compute_features``, runs the PyTorch model and decodes the first
``length // 8`` output frames, as sherpa-onnx does. Prints WER and CER (CER
counts characters of the space-joined words, spaces included).
"""

import argparse
import os
import sys
import time
import wave

import numpy as np
import sentencepiece as spm
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import features  # noqa: E402
from export import average_snapshots, load_model  # noqa: E402
from model import decoded_frames  # noqa: E402
from train import edit_distance, greedy_decode  # noqa: E402


def read_wav_16k(path):
    """Read a 16 kHz mono PCM16 WAV file as float32 samples in [-1, 1]."""
    with wave.open(path, "rb") as w:
        if w.getframerate() != features.SAMPLE_RATE or w.getnchannels() != 1 or w.getsampwidth() != 2:
            raise ValueError(f"{path}: expected 16 kHz mono PCM16, got {w.getframerate()} Hz, "
                             f"{w.getnchannels()} channels, {8 * w.getsampwidth()} bits")
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return pcm.astype(np.float32) / 32768.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", required=True, help="recipe work folder (bpe.model, exp/last.pt, test/)")
    ap.add_argument("--checkpoint", help="checkpoint to evaluate (default: <work>/exp/last.pt)")
    ap.add_argument("--hyps", help="output file: file<TAB>reference<TAB>hypothesis")
    ap.add_argument("--no-average", action="store_true",
                    help="evaluate the checkpoint's weights instead of the mean of the kept snapshots")
    args = ap.parse_args()

    torch.set_num_threads(2)
    average = [] if args.no_average else average_snapshots(args.work)
    model, state = load_model(args.checkpoint or os.path.join(args.work, "exp", "last.pt"), average)
    sp = spm.SentencePieceProcessor(model_file=os.path.join(args.work, "bpe.model"))
    blank = sp.get_piece_size()
    test_tsv = os.path.join(args.work, "test", "test.tsv")

    word_errors = words = char_errors = chars = 0
    lines = []
    start = time.time()
    with open(test_tsv, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    with torch.no_grad():
        for row in rows:
            path, text = row[0], row[1]
            feats = features.compute_features(read_wav_16k(os.path.join(args.work, "test", path)))
            x = torch.from_numpy(feats.T.copy())[None]
            length = torch.tensor([feats.shape[0]], dtype=torch.int64)
            ids = greedy_decode(model(x, length), decoded_frames(length), blank)[0]
            hyp = sp.decode(ids).split()
            ref = text.split()
            word_errors += edit_distance(ref, hyp)
            words += len(ref)
            char_errors += edit_distance(" ".join(ref), " ".join(hyp))
            chars += len(" ".join(ref))
            lines.append(f"{path}\t{' '.join(ref)}\t{' '.join(hyp)}")
    if args.hyps:
        with open(args.hyps, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    averaged = f", mean of {state['averaged']} snapshots" if state["averaged"] else ""
    print(f"checkpoint step {state['step']}{averaged}: {len(rows)} utterances in {time.time() - start:.1f} s")
    print(f"WER {100 * word_errors / words:.2f}% ({word_errors}/{words} words)")
    print(f"CER {100 * char_errors / chars:.2f}% ({char_errors}/{chars} characters, spaces included)")


if __name__ == "__main__":
    main()
