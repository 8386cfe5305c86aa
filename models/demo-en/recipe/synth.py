"""Synthesize the demo-en training and test sets with espeak-ng.

Sentences are random sequences of 2 to 10 words from ``data/words.txt``.
Every utterance gets an espeak-ng voice, variant, speed and pitch, then
augmentation: silence padding, optional filtering or telephone band, a random
level, optional noise, and PCM16 quantisation. The test set uses
voice/variant pairs and sentences that never occur in the training set.

Outputs under ``--work``:

* ``train/feats.npy`` (float16 ``[sum T, 80]``, normalised features),
  ``train/lengths.npy`` (int64 frames per utterance), ``train/texts.txt``;
* ``test/wav/*.wav`` (16 kHz mono PCM16) and ``test/test.tsv``
  (``file<TAB>text<TAB>voice<TAB>speed<TAB>pitch``); the evaluation scripts
  read the WAV files so that they see the same samples as sherpa-onnx.
"""

import argparse
import io
import os
import random
import struct
import subprocess
import sys
import time
import wave
from multiprocessing import Pool

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import features  # noqa: E402

RECIPE_DIR = os.path.dirname(os.path.abspath(__file__))
WORDS_FILE = os.path.join(RECIPE_DIR, "data", "words.txt")

# espeak-ng 1.51 English voices of the gmw family. The mbrola voices that
# `espeak-ng --voices=en` also lists need the mbrola package and are skipped.
BASE_VOICES = [
    "en-gb", "en-us", "en-gb-scotland", "en-gb-x-gbclan", "en-gb-x-rp",
    "en-gb-x-gbcwmd", "en-029", "en-us-nyc",
]
# Variants that are whispered or that are not speech-like enough to help.
EXCLUDED_VARIANTS = {"whisper", "whisperf", "fast", "Mr"}
TEST_PAIR_FRACTION = 0.12
MIN_WORDS, MAX_WORDS = 2, 10
SPEED_RANGE = (110, 260)  # espeak-ng -s, words per minute
PITCH_RANGE = (15, 85)  # espeak-ng -p, 0..99


def list_variants():
    """Return the espeak-ng variant names (``!v/<name>``), sorted."""
    out = subprocess.run(["espeak-ng", "--voices=variant"], check=True,
                         capture_output=True, text=True).stdout
    names = set()
    for line in out.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 5 and parts[4].startswith("!v/"):
            names.add(parts[4][3:])
    return sorted(names - EXCLUDED_VARIANTS)


def voice_pairs():
    """Return all ``voice`` and ``voice+variant`` names, sorted."""
    pairs = list(BASE_VOICES)
    for v in BASE_VOICES:
        pairs.extend(f"{v}+{var}" for var in list_variants())
    return sorted(pairs)


def read_wav_bytes(data):
    """Decode espeak-ng's --stdout WAV (its size fields may be invalid)."""
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ValueError("espeak-ng did not write a RIFF/WAVE stream")
    pos, rate = 12, None
    while pos + 8 <= len(data):
        chunk, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        if chunk == b"fmt ":
            channels, rate = struct.unpack("<HI", data[pos + 10:pos + 16])
            if channels != 1:
                raise ValueError(f"expected mono espeak-ng output, got {channels} channels")
        elif chunk == b"data":
            pcm = np.frombuffer(data[pos + 8:pos + 8 + (len(data) - pos - 8) // 2 * 2], dtype="<i2")
            return rate, pcm.astype(np.float32) / 32768.0
        pos += 8 + size
    raise ValueError("no data chunk in espeak-ng output")


def synthesize(text, voice, speed, pitch, gap):
    """Run espeak-ng and return float32 samples at 16 kHz."""
    import torch
    import torchaudio.functional as AF

    cmd = ["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-g", str(gap), "--stdout", text]
    data = subprocess.run(cmd, check=True, capture_output=True, timeout=30).stdout
    rate, samples = read_wav_bytes(data)
    wav = torch.from_numpy(samples)
    if rate != features.SAMPLE_RATE:
        wav = AF.resample(wav, rate, features.SAMPLE_RATE)
    return wav.numpy()


def colored_noise(rng, n, kind):
    """Return unit-RMS white, pink (1/f) or brown (1/f^2) noise."""
    white = rng.standard_normal(n)
    if kind == "white":
        noise = white
    else:
        spectrum = np.fft.rfft(white)
        f = np.arange(spectrum.shape[0], dtype=np.float64)
        f[0] = 1.0
        spectrum /= np.sqrt(f) if kind == "pink" else f
        noise = np.fft.irfft(spectrum, n=n)
    return noise / (np.sqrt(np.mean(noise ** 2)) + 1e-12)


def augment(samples, rng):
    """Apply padding, filtering, level and noise augmentation; return PCM16-quantised floats."""
    import torch
    import torchaudio.functional as AF

    sr = features.SAMPLE_RATE
    pad_l, pad_r = rng.integers(0, int(0.35 * sr), size=2)
    x = np.concatenate([np.zeros(pad_l), samples, np.zeros(pad_r)]).astype(np.float32)

    t = torch.from_numpy(x)
    r = rng.random()
    if r < 0.15:
        t = AF.resample(AF.resample(t, sr, 8000), 8000, sr)
    elif r < 0.30:
        t = AF.lowpass_biquad(t, sr, float(rng.uniform(2500, 7000)))
    elif r < 0.40:
        t = AF.highpass_biquad(t, sr, float(rng.uniform(80, 400)))
    x = t.numpy().astype(np.float64)

    peak = np.max(np.abs(x)) + 1e-9
    x *= 10 ** (rng.uniform(-32, -1) / 20) / peak

    if rng.random() < 0.6:
        speech_rms = np.sqrt(np.mean(x[pad_l:pad_l + len(samples)] ** 2)) + 1e-9
        snr_db = rng.uniform(8, 40)
        kind = rng.choice(["white", "pink", "brown"])
        x += colored_noise(rng, len(x), kind) * speech_rms * 10 ** (-snr_db / 20)

    x = np.clip(np.round(x * 32768.0), -32768, 32767) / 32768.0
    return x.astype(np.float32)


def make_sentences(rng, words, count, exclude):
    """Return ``count`` distinct random word sequences not in ``exclude``."""
    out, seen = [], set(exclude)
    while len(out) < count:
        n = int(rng.integers(MIN_WORDS, MAX_WORDS + 1))
        s = " ".join(rng.choice(words, size=n))
        if s not in seen:
            seen.add(s)
            out.append(s)
    return out


def write_wav(path, samples):
    """Write float samples in [-1, 1] as a 16 kHz mono PCM16 WAV file."""
    pcm = np.clip(np.round(samples * 32768.0), -32768, 32767).astype("<i2")
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(features.SAMPLE_RATE)
        w.writeframes(pcm.tobytes())


def process_job(job):
    """Synthesize one chunk of utterances.

    Returns ``(kept rows, features, lengths)``. With ``wav_dir`` set it writes
    WAV files instead and returns ``(kept rows, None, None)``.
    """
    import torch

    torch.set_num_threads(1)
    items, seed, wav_dir = job
    rng = np.random.default_rng(seed)
    feats, lengths, kept = [], [], []
    for idx, text, voice, speed, pitch, gap in items:
        try:
            samples = augment(synthesize(text, voice, speed, pitch, gap), rng)
        except (subprocess.SubprocessError, ValueError) as err:
            print(f"skipping utterance {idx} ({voice}): {err}", file=sys.stderr)
            continue
        if wav_dir is not None:
            write_wav(os.path.join(wav_dir, f"{idx:05d}.wav"), samples)
        else:
            f = features.compute_features(samples).astype(np.float16)
            feats.append(f)
            lengths.append(f.shape[0])
        kept.append((idx, text, voice, speed, pitch))
    if wav_dir is not None:
        return kept, None, None
    return kept, np.concatenate(feats) if feats else np.zeros((0, 80), np.float16), np.array(lengths, np.int64)


def plan(rng, sentences, pairs):
    """Attach a voice, speed, pitch and word gap to each sentence."""
    items = []
    for i, s in enumerate(sentences):
        voice = pairs[int(rng.integers(len(pairs)))]
        speed = int(rng.integers(SPEED_RANGE[0], SPEED_RANGE[1] + 1))
        pitch = int(rng.integers(PITCH_RANGE[0], PITCH_RANGE[1] + 1))
        gap = int(rng.choice([0, 0, 0, 1, 2, 4]))
        items.append((i, s, voice, speed, pitch, gap))
    return items


def run_jobs(items, seed, jobs, wav_dir, chunk=200):
    chunks = [items[i:i + chunk] for i in range(0, len(items), chunk)]
    job_args = [(c, seed * 100003 + k, wav_dir) for k, c in enumerate(chunks)]
    with Pool(jobs) as pool:
        return pool.map(process_job, job_args)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", required=True, help="output folder")
    ap.add_argument("--num-train", type=int, default=20000, help="training utterances, the last 200 of which train.py keeps as a dev set")
    ap.add_argument("--num-test", type=int, default=400, help="held-out test utterances")
    ap.add_argument("--jobs", type=int, default=2, help="parallel synthesis processes")
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args()

    start = time.time()
    rng = np.random.default_rng(args.seed)
    words = [w.strip() for w in open(WORDS_FILE, encoding="utf-8") if w.strip()]

    pairs = voice_pairs()
    order = rng.permutation(len(pairs))
    n_test_pairs = int(len(pairs) * TEST_PAIR_FRACTION)
    test_pairs = sorted(pairs[i] for i in order[:n_test_pairs])
    train_pairs = sorted(pairs[i] for i in order[n_test_pairs:])
    print(f"{len(words)} words, {len(train_pairs)} training and {len(test_pairs)} test voice pairs")

    test_sentences = make_sentences(rng, words, args.num_test, set())
    train_sentences = make_sentences(rng, words, args.num_train, set(test_sentences))
    test_items = plan(rng, test_sentences, test_pairs)
    train_items = plan(rng, train_sentences, train_pairs)

    test_dir = os.path.join(args.work, "test")
    os.makedirs(os.path.join(test_dir, "wav"), exist_ok=True)
    results = run_jobs(test_items, args.seed + 1, args.jobs, os.path.join(test_dir, "wav"))
    with open(os.path.join(test_dir, "test.tsv"), "w", encoding="utf-8") as f:
        for kept, _, _ in results:
            for idx, text, voice, speed, pitch in kept:
                f.write(f"wav/{idx:05d}.wav\t{text}\t{voice}\t{speed}\t{pitch}\n")
    print(f"test set written in {time.time() - start:.0f} s")

    train_dir = os.path.join(args.work, "train")
    os.makedirs(train_dir, exist_ok=True)
    results = run_jobs(train_items, args.seed + 2, args.jobs, None)
    feats = np.concatenate([r[1] for r in results])
    lengths = np.concatenate([r[2] for r in results])
    np.save(os.path.join(train_dir, "feats.npy"), feats)
    np.save(os.path.join(train_dir, "lengths.npy"), lengths)
    with open(os.path.join(train_dir, "texts.txt"), "w", encoding="utf-8") as f:
        for kept, _, _ in results:
            for idx, text, voice, speed, pitch in kept:
                f.write(f"{text}\t{voice}\t{speed}\t{pitch}\n")
    hours = lengths.sum() / 100 / 3600
    print(f"training set: {len(lengths)} utterances, {hours:.2f} h, written in {time.time() - start:.0f} s")


if __name__ == "__main__":
    main()
