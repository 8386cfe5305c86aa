"""Log-mel features for the demo-en model, computed as sherpa-onnx computes them.

sherpa-onnx runs a NeMo CTC model (``nemoCtc`` in its config) with
kaldi-native-fbank (knf) and these settings, taken from sherpa-onnx's
``offline-recognizer-ctc-impl.h``, ``features.h`` and ``offline-stream.cc``
and knf's ``feature-window.cc``, ``feature-fbank.cc`` and
``mel-computations.cc``:

* input: mono samples at 16 kHz, float, scaled to [-1, 1]
  (``normalize_samples = true``);
* frames: 25 ms long (400 samples) every 10 ms (160 samples) with
  ``snip_edges = false``. Frame ``i`` starts at sample ``160 * i + 80 - 200``
  and samples outside the signal are reflected at the edges (sample ``-1`` is
  sample ``0``, sample ``N`` is sample ``N - 1``). The number of frames is
  ``(N + 80) // 160``, that is ``N / 160`` rounded half up;
* per frame: no dither, no DC offset removal, then pre-emphasis with
  coefficient 0.97 (``x[i] -= 0.97 * x[i - 1]`` for ``i > 0``, then
  ``x[0] -= 0.97 * x[0]``), then a periodic Hann window
  ``0.5 - 0.5 * cos(2 * pi * n / 400)``;
* 512-point real FFT (400 samples zero-padded to 512), power spectrum
  ``re**2 + im**2`` on the 257 bins from 0 Hz to 8000 Hz;
* 80 triangular mel filters between 0 Hz and 8000 Hz on the Slaney mel scale
  with Slaney area normalisation (knf ``is_librosa = true``, the same weights
  as ``librosa.filters.mel(sr=16000, n_fft=512, n_mels=80, htk=False,
  norm='slaney')``);
* natural log of each mel energy, floored at FLT_EPSILON (1.1920929e-07);
* per utterance and per mel bin (sherpa-onnx does this itself when the model's
  metadata has ``normalize_type = per_feature``): subtract the mean over frames
  and divide by ``sqrt(population variance) + 1e-5``. sherpa-onnx computes the
  variance as ``mean(x**2) - mean(x)**2`` clamped at 0.

Shapes are ``[T, 80]`` (frames first). The ONNX model takes the transpose,
``[B, 80, T]``. The arithmetic here is float64 and the results are float32,
while knf computes in float32, so values differ from sherpa-onnx by rounding.
``feature_check.py`` compares this module with sherpa-onnx-node 1.13.8: the
frame counts are equal and the normalised features agree within its probe's
quantisation step of 0.005.
"""

import numpy as np

SAMPLE_RATE = 16000
FRAME_LENGTH = 400  # samples, 25 ms
FRAME_SHIFT = 160  # samples, 10 ms
FFT_SIZE = 512
NUM_MEL_BINS = 80
PREEMPHASIS = 0.97
LOG_FLOOR = float(np.finfo(np.float32).eps)  # 1.1920929e-07
NORMALIZE_EPS = 1e-5


def num_frames(num_samples):
    """Return the frame count for ``num_samples`` samples (knf NumFrames, snip_edges=false)."""
    return (num_samples + FRAME_SHIFT // 2) // FRAME_SHIFT


def hz_to_mel_slaney(hz):
    """Convert Hz to Slaney mels: linear below 1 kHz, logarithmic above."""
    hz = np.asarray(hz, dtype=np.float64)
    linear = hz * 3.0 / 200.0
    log_part = 15.0 + 27.0 / np.log(6.4) * np.log(np.maximum(hz, 1e-10) / 1000.0)
    return np.where(hz <= 1000.0, linear, log_part)


def mel_to_hz_slaney(mel):
    """Convert Slaney mels to Hz, the inverse of ``hz_to_mel_slaney``."""
    mel = np.asarray(mel, dtype=np.float64)
    linear = 200.0 / 3.0 * mel
    log_part = 1000.0 * np.exp((mel - 15.0) * np.log(6.4) / 27.0)
    return np.where(mel <= 15.0, linear, log_part)


def mel_filterbank():
    """Return the mel filter weights, float64 ``[80, 257]`` (mel bin, FFT bin).

    FFT bin ``k`` has centre frequency ``k * 16000 / 512`` Hz. Filter ``b``
    is a triangle from edge ``b`` to edge ``b + 2`` of 82 edges spaced evenly
    on the Slaney mel scale from 0 Hz to 8000 Hz, scaled by
    ``2 / (right_hz - left_hz)``.
    """
    edges_mel = np.linspace(hz_to_mel_slaney(0.0), hz_to_mel_slaney(SAMPLE_RATE / 2), NUM_MEL_BINS + 2)
    edges_hz = mel_to_hz_slaney(edges_mel)
    fft_hz = np.arange(FFT_SIZE // 2 + 1) * (SAMPLE_RATE / FFT_SIZE)

    weights = np.zeros((NUM_MEL_BINS, FFT_SIZE // 2 + 1))
    for b in range(NUM_MEL_BINS):
        left, center, right = edges_hz[b], edges_hz[b + 1], edges_hz[b + 2]
        rising = (fft_hz - left) / (center - left)
        falling = (right - fft_hz) / (right - center)
        triangle = np.where(fft_hz <= center, rising, falling)
        inside = (fft_hz > left) & (fft_hz < right)
        weights[b] = np.where(inside, triangle, 0.0) * (2.0 / (right - left))
    return weights


_WINDOW = 0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(FRAME_LENGTH) / FRAME_LENGTH)
_MEL_WEIGHTS_T = mel_filterbank().T.copy()  # [257, 80]


def _frame_indices(num_samples, frames):
    """Return sample indices ``[frames, 400]``, reflected into ``[0, num_samples)``."""
    starts = np.arange(frames) * FRAME_SHIFT + FRAME_SHIFT // 2 - FRAME_LENGTH // 2
    idx = starts[:, None] + np.arange(FRAME_LENGTH)[None, :]
    # Repeated reflection "-1 -> 0, N -> N - 1" has period 2N.
    idx = np.mod(idx, 2 * num_samples)
    return np.where(idx >= num_samples, 2 * num_samples - 1 - idx, idx)


def compute_log_mel(samples):
    """Compute un-normalised log-mel features.

    Args:
        samples: 1-D array of 16 kHz mono samples scaled to [-1, 1].

    Returns:
        float32 array ``[T, 80]`` with ``T = (len(samples) + 80) // 160``,
        natural log of the mel power, floored at FLT_EPSILON.
    """
    x = np.asarray(samples, dtype=np.float64).reshape(-1)
    frames = num_frames(x.shape[0])
    if frames == 0:
        return np.zeros((0, NUM_MEL_BINS), dtype=np.float32)

    windows = x[_frame_indices(x.shape[0], frames)]  # [T, 400]

    emphasized = np.empty_like(windows)
    emphasized[:, 1:] = windows[:, 1:] - PREEMPHASIS * windows[:, :-1]
    emphasized[:, 0] = windows[:, 0] * (1.0 - PREEMPHASIS)
    emphasized *= _WINDOW

    spectrum = np.fft.rfft(emphasized, n=FFT_SIZE, axis=1)  # [T, 257]
    power = spectrum.real ** 2 + spectrum.imag ** 2
    mel = power @ _MEL_WEIGHTS_T  # [T, 80]
    return np.log(np.maximum(mel, LOG_FLOOR)).astype(np.float32)


def normalize_per_feature(log_mel):
    """Normalise each mel bin over the utterance: ``(x - mean) / (std + 1e-5)``.

    ``std`` is the population standard deviation (divide by T, not T - 1),
    as sherpa-onnx computes it. Input and output are ``[T, 80]``.
    """
    x = np.asarray(log_mel, dtype=np.float64)
    if x.shape[0] == 0:
        return x.astype(np.float32)
    mean = x.mean(axis=0)
    var = np.maximum((x * x).mean(axis=0) - mean * mean, 0.0)
    return ((x - mean) / (np.sqrt(var) + NORMALIZE_EPS)).astype(np.float32)


def compute_features(samples):
    """Compute the model input for one utterance: normalised log-mel, float32 ``[T, 80]``.

    ``samples`` are 16 kHz mono samples scaled to [-1, 1]. Transpose the
    result to ``[80, T]`` and add a batch axis to feed ``audio_signal``.
    """
    return normalize_per_feature(compute_log_mel(samples))
