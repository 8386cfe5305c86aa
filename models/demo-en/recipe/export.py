"""Export a demo-en checkpoint to ONNX in the layout sherpa-onnx reads for NeMo CTC models.

Writes ``model.onnx`` (inputs ``audio_signal`` float32 ``[B, 80, T]`` and
``length`` int64 ``[B]``, output ``logprobs`` float32 ``[B, T', V]``) with
metadata ``vocab_size``, ``subsampling_factor``, ``normalize_type``,
``model_type`` and ``comment``, and ``tokens.txt`` (``<symbol> <id>`` per
line, the blank ``<blk>`` last).
"""

import argparse
import os
import sys

import onnx
import sentencepiece as spm
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import SUBSAMPLING_FACTOR, ConformerCtc  # noqa: E402

MAX_MODEL_BYTES = 25 * 1000 * 1000
OPSET = 14


def load_model(checkpoint, average=()):
    """Load a training checkpoint into an eval-mode model; return (model, state).

    ``average`` lists paths of weight snapshots. Those from the checkpoint's
    averaging window (the last ``--average-last`` steps up to its step) are
    averaged, and their mean replaces the checkpoint's weights.
    """
    state = torch.load(checkpoint, map_location="cpu")
    model = ConformerCtc(**state["config"])
    weights = state["model"]
    average = [p for p in average if state.get("average_from", -1) < snapshot_step(p) <= state["step"]]
    if average:
        snapshots = [torch.load(path, map_location="cpu") for path in average]
        weights = {k: sum(s[k].double() for s in snapshots).div(len(snapshots)).to(v.dtype)
                   if v.is_floating_point() else v for k, v in weights.items()}
        print(f"averaging {len(average)} snapshots: {', '.join(os.path.basename(p) for p in average)}")
    state["averaged"] = len(average)
    model.load_state_dict(weights)
    model.eval()
    return model, state


def snapshot_step(path):
    """Return the training step in a snapshot name ``average-<step>.pt``."""
    return int(os.path.basename(path)[len("average-"):-len(".pt")])


def average_snapshots(work):
    """Return the weight snapshots that train.py kept for averaging, sorted by step."""
    exp = os.path.join(work, "exp")
    return sorted(os.path.join(exp, f) for f in os.listdir(exp) if f.startswith("average-") and f.endswith(".pt"))


def write_tokens(sp, path):
    with open(path, "w", encoding="utf-8") as f:
        for i in range(sp.get_piece_size()):
            f.write(f"{sp.id_to_piece(i)} {i}\n")
        f.write(f"<blk> {sp.get_piece_size()}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", required=True, help="recipe work folder (bpe.model, exp/last.pt)")
    ap.add_argument("--checkpoint", help="checkpoint to export (default: <work>/exp/last.pt)")
    ap.add_argument("--out-dir", required=True, help="folder for model.onnx and tokens.txt")
    ap.add_argument("--comment", required=True, help="text for the comment metadata field")
    ap.add_argument("--no-average", action="store_true",
                    help="export the checkpoint's weights instead of the mean of the kept snapshots")
    args = ap.parse_args()

    torch.set_num_threads(2)
    average = [] if args.no_average else average_snapshots(args.work)
    model, state = load_model(args.checkpoint or os.path.join(args.work, "exp", "last.pt"), average)
    sp = spm.SentencePieceProcessor(model_file=os.path.join(args.work, "bpe.model"))
    vocab = sp.get_piece_size() + 1
    if vocab != state["vocab_size"]:
        raise ValueError(f"bpe.model has {vocab - 1} pieces but the checkpoint has {state['vocab_size']} classes")

    os.makedirs(args.out_dir, exist_ok=True)
    onnx_path = os.path.join(args.out_dir, "model.onnx")
    x = torch.randn(2, 80, 317)
    length = torch.tensor([317, 250], dtype=torch.int64)
    torch.onnx.export(
        model, (x, length), onnx_path, opset_version=OPSET,
        input_names=["audio_signal", "length"], output_names=["logprobs"],
        dynamic_axes={"audio_signal": {0: "B", 2: "T"}, "length": {0: "B"}, "logprobs": {0: "B", 1: "T_out"}})

    m = onnx.load(onnx_path)
    meta = {
        "vocab_size": str(vocab),
        "subsampling_factor": str(SUBSAMPLING_FACTOR),
        "normalize_type": "per_feature",
        "model_type": "EncDecCTCModelBPE",
        "feat_dim": "80",
        "is_giga_am": "0",
        "comment": args.comment,
    }
    del m.metadata_props[:]
    for key, value in meta.items():
        m.metadata_props.add(key=key, value=value)
    onnx.checker.check_model(m)
    onnx.save(m, onnx_path)

    write_tokens(sp, os.path.join(args.out_dir, "tokens.txt"))
    size = os.path.getsize(onnx_path)
    if size > MAX_MODEL_BYTES:
        raise SystemExit(f"{onnx_path} is {size} bytes, over the {MAX_MODEL_BYTES}-byte limit")
    print(f"wrote {onnx_path} ({size / 1e6:.1f} MB, step {state['step']}) and tokens.txt ({vocab} symbols)")


if __name__ == "__main__":
    main()
