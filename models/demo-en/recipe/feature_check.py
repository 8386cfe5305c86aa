"""Compare features.py with the features that sherpa-onnx computes, bin by bin.

sherpa-onnx-node exposes no features, so this script builds probe ONNX models
in the NeMo CTC layout (``subsampling_factor`` 1, ``normalize_type``
``per_feature``). A probe outputs, for every frame, the class
``round((x[bin, t] - LOW) / STEP)`` of one mel bin of its normalised input
and never the blank. Greedy CTC decoding then emits a token at every frame
whose class differs from the previous frame's, with its timestamp, so the
decoded tokens and timestamps give the quantised feature of every frame.
The script compares that with ``features.compute_features`` on the same WAV
files and reports the frame counts and the largest difference.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import wave

import numpy as np
import onnx
from onnx import TensorProto, helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import features  # noqa: E402

LOW, HIGH, STEP = -6.0, 6.0, 0.005
NUM_CLASSES = int(round((HIGH - LOW) / STEP)) + 1
PROBE_BINS = [0, 1, 20, 40, 79]
# Lengths N around the frame-count boundaries of (N + 80) // 160 (240 and 399
# give 2 frames, 400 gives 3). In files this short most frames reach past an edge.
EDGE_CASE_LENGTHS = [240, 399, 400, 401, 1000, 1601]
RECIPE_DIR = os.path.dirname(os.path.abspath(__file__))


def probe_model(mel_bin):
    """Return an ONNX model whose greedy CTC output encodes mel bin ``mel_bin`` per frame.

    With ``mel_bin=None`` the class is the frame index instead, so the number
    of decoded tokens is the number of frames sherpa-onnx computed.
    """
    if mel_bin is None:
        first = [
            helper.make_node("Gather", ["audio_signal", "bin"], ["picked"], axis=1),  # [B, T]
            helper.make_node("Mul", ["picked", "zero"], ["zeros"]),
            helper.make_node("Add", ["zeros", "one"], ["ones"]),
            helper.make_node("CumSum", ["ones", "time_axis"], ["counts"]),
            helper.make_node("Sub", ["counts", "one"], ["scaled"]),
        ]
    else:
        first = [
            helper.make_node("Gather", ["audio_signal", "bin"], ["picked"], axis=1),  # [B, T]
            helper.make_node("Sub", ["picked", "low"], ["shifted"]),
            helper.make_node("Div", ["shifted", "step"], ["scaled0"]),
            helper.make_node("Round", ["scaled0"], ["scaled"]),
        ]
    nodes = first + [
        helper.make_node("Clip", ["scaled", "zero", "top"], ["index"]),
        helper.make_node("Unsqueeze", ["index", "last_axis"], ["index3"]),  # [B, T, 1]
        helper.make_node("Sub", ["index3", "classes"], ["diff"]),  # [B, T, K]
        helper.make_node("Abs", ["diff"], ["distance"]),
        helper.make_node("Neg", ["distance"], ["class_logits"]),
        helper.make_node("Mul", ["index3", "zero1"], ["zeros3"]),
        helper.make_node("Add", ["zeros3", "blank_logit"], ["blank_logits"]),  # [B, T, 1]
        helper.make_node("Concat", ["class_logits", "blank_logits"], ["logits"], axis=2),
        helper.make_node("LogSoftmax", ["logits"], ["logprobs"], axis=2),
    ]
    inits = [
        helper.make_tensor("bin", TensorProto.INT64, [], [mel_bin or 0]),
        helper.make_tensor("one", TensorProto.FLOAT, [], [1.0]),
        helper.make_tensor("time_axis", TensorProto.INT64, [], [1]),
        helper.make_tensor("low", TensorProto.FLOAT, [], [LOW]),
        helper.make_tensor("step", TensorProto.FLOAT, [], [STEP]),
        helper.make_tensor("zero", TensorProto.FLOAT, [], [0.0]),
        helper.make_tensor("top", TensorProto.FLOAT, [], [float(NUM_CLASSES - 1)]),
        helper.make_tensor("last_axis", TensorProto.INT64, [1], [2]),
        helper.make_tensor("classes", TensorProto.FLOAT, [1, 1, NUM_CLASSES],
                           [float(i) for i in range(NUM_CLASSES)]),
        helper.make_tensor("zero1", TensorProto.FLOAT, [], [0.0]),
        helper.make_tensor("blank_logit", TensorProto.FLOAT, [], [-1e4]),
    ]
    graph = helper.make_graph(
        nodes, f"feature_probe_bin{mel_bin}",
        [helper.make_tensor_value_info("audio_signal", TensorProto.FLOAT, ["B", 80, "T"]),
         helper.make_tensor_value_info("length", TensorProto.INT64, ["B"])],
        [helper.make_tensor_value_info("logprobs", TensorProto.FLOAT, ["B", "T", NUM_CLASSES + 1])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    meta = {"vocab_size": str(NUM_CLASSES + 1), "subsampling_factor": "1",
            "normalize_type": "per_feature", "model_type": "EncDecCTCModel",
            "comment": f"feature probe for mel bin {mel_bin}"}
    for key, value in meta.items():
        model.metadata_props.add(key=key, value=value)
    onnx.checker.check_model(model)
    return model


def read_wav(path):
    with wave.open(path, "rb") as w:
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return pcm.astype(np.float32) / 32768.0


def write_edge_cases(folder):
    """Write short noise files whose lengths sit at frame-count boundaries; return their paths."""
    rng = np.random.default_rng(7)
    paths = []
    for n in EDGE_CASE_LENGTHS:
        path = os.path.join(folder, f"noise-{n}-samples.wav")
        pcm = np.round(rng.standard_normal(n) * 3000).astype("<i2")
        with wave.open(path, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(features.SAMPLE_RATE)
            w.writeframes(pcm.tobytes())
        paths.append(path)
    return paths


def decode_probe(result, num_frames):
    """Rebuild per-frame feature values from sherpa-onnx tokens and timestamps (10 ms apart)."""
    values = np.full(num_frames, np.nan)
    for token, time in zip(result["tokens"], result["timestamps"]):
        values[int(round(time * 100))] = LOW + STEP * int(token[1:])
    for t in range(1, num_frames):
        if np.isnan(values[t]):
            values[t] = values[t - 1]
    return values


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("wavs", nargs="*", help="16 kHz mono PCM16 WAV files")
    args = ap.parse_args()

    worst = 0.0
    frame_count_errors = 0
    with tempfile.TemporaryDirectory() as tmp:
        args.wavs += write_edge_cases(tmp)
        with open(os.path.join(tmp, "tokens.txt"), "w", encoding="utf-8") as f:
            for i in range(NUM_CLASSES):
                f.write(f"c{i} {i}\n")
            f.write(f"<blk> {NUM_CLASSES}\n")
        for mel_bin in [None] + PROBE_BINS:
            model_dir = os.path.join(tmp, f"bin{mel_bin}")
            os.makedirs(model_dir)
            onnx.save(probe_model(mel_bin), os.path.join(model_dir, "model.onnx"))
            os.symlink(os.path.join(tmp, "tokens.txt"), os.path.join(model_dir, "tokens.txt"))
            out = subprocess.run(
                ["node", os.path.join(RECIPE_DIR, "feature_probe.js"), model_dir, *args.wavs],
                check=True, capture_output=True, text=True).stdout
            for wav_path, line in zip(args.wavs, out.strip().splitlines()):
                result = json.loads(line)
                name = os.path.basename(wav_path)
                if mel_bin is None:
                    expected_frames = features.num_frames(len(read_wav(wav_path)))
                    status = "equal" if len(result["tokens"]) == expected_frames else "DIFFERENT"
                    frame_count_errors += status != "equal"
                    print(f"{name}: sherpa-onnx {len(result['tokens'])} frames, "
                          f"features.py {expected_frames} frames ({status})")
                    continue
                expected = features.compute_features(read_wav(wav_path))[:, mel_bin]
                clipped = np.clip(expected, LOW, HIGH)
                got = decode_probe(result, expected.shape[0])
                diff = np.abs(got - clipped)
                worst = max(worst, float(np.nanmax(diff)))
                print(f"{name} bin {mel_bin}: {expected.shape[0]} frames, "
                      f"max |difference| {np.nanmax(diff):.4f} (quantisation step {STEP})")
    print(f"largest difference {worst:.4f}; half a quantisation step is {STEP / 2}; "
          f"{frame_count_errors} files with a different frame count")
    if frame_count_errors or worst > 2 * STEP:
        raise SystemExit("features.py does not match sherpa-onnx")


if __name__ == "__main__":
    main()
