"""Write golden log-mel features for the Java feature extractor tests.

Computes features with the reference implementation the demo-en model was
trained with, ``models/demo-en/recipe/features.py``, for a few short signals
and writes them under ``asr-server/src/test/resources/features/``:

* ``index.txt``: one line per case, ``name samples frames``;
* ``NAME.samples.f32``: the input, little-endian float32;
* ``NAME.logmel.f32``: un-normalised log-mel, float32 ``[frames, 80]``;
* ``NAME.features.f32``: per-feature normalised log-mel, float32 ``[frames, 80]``.

Run from anywhere with ``/usr/bin/python3 asr-server/src/test/python/make_feature_golden.py``.
The signals come from a fixed seed, so a rerun writes the same files unless the
reference changes.
"""

import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
sys.path.insert(0, os.path.join(REPO, "models", "demo-en", "recipe"))
import features  # noqa: E402

OUT_DIR = os.path.join(REPO, "asr-server", "src", "test", "resources", "features")
RATE = 16000


def speech_like(rng, seconds):
    """Return a voiced signal: harmonics of a gliding pitch under a syllable-rate envelope, plus noise."""
    t = np.arange(int(seconds * RATE)) / RATE
    pitch = 120.0 + 40.0 * np.sin(2 * np.pi * 1.5 * t)
    phase = 2 * np.pi * np.cumsum(pitch) / RATE
    voiced = sum(np.sin(h * phase) / h for h in range(1, 25))
    envelope = 0.5 * (1.0 - np.cos(2 * np.pi * 4.0 * t))
    formant = np.convolve(rng.standard_normal(t.size), np.hanning(32), mode="same") * 0.05
    return 0.2 * envelope * voiced + formant


def cases():
    rng = np.random.default_rng(20261204)
    yield "speech_like", speech_like(rng, 0.8)
    tone = 0.5 * np.sin(2 * np.pi * 440.0 * np.arange(int(0.3 * RATE)) / RATE)
    yield "tone_noise_0_3s", tone + 0.01 * rng.standard_normal(tone.size)
    yield "one_frame_160", rng.uniform(-0.3, 0.3, 160)
    yield "one_frame_239", rng.uniform(-0.3, 0.3, 239)
    yield "two_frames_240", rng.uniform(-0.3, 0.3, 240)
    yield "silence_0_1s", np.zeros(int(0.1 * RATE))
    square = np.sign(np.sin(2 * np.pi * 1000.0 * np.arange(int(0.2 * RATE)) / RATE))
    yield "clipped_square_0_2s", square.astype(np.float64)


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    lines = []
    for name, signal in cases():
        samples = np.asarray(signal, dtype="<f4")
        log_mel = features.compute_log_mel(samples).astype("<f4")
        normalised = features.compute_features(samples).astype("<f4")
        assert log_mel.shape == normalised.shape == (features.num_frames(samples.size), features.NUM_MEL_BINS)
        samples.tofile(os.path.join(OUT_DIR, name + ".samples.f32"))
        log_mel.tofile(os.path.join(OUT_DIR, name + ".logmel.f32"))
        normalised.tofile(os.path.join(OUT_DIR, name + ".features.f32"))
        lines.append(f"{name} {samples.size} {log_mel.shape[0]}")
    with open(os.path.join(OUT_DIR, "index.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {len(lines)} cases to {OUT_DIR}")


if __name__ == "__main__":
    main()
