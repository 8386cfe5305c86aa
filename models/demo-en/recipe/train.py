"""Train the demo-en Conformer-CTC model on the features that synth.py wrote.

The run is deterministic for a given seed and resumes from
``<work>/exp/last.pt`` after an interruption. The checkpoint contains the model,
optimizer, step, epoch, position in the epoch and the random generator state.
Checkpoints are written every ``--save-every`` steps and on exit.
"""

import argparse
import math
import os
import signal
import sys
import time

# OpenMP reads this when torch loads it. Sleeping instead of spinning made
# training on an idle 2-core machine about twice as fast.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import sentencepiece as spm  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import ConformerCtc, decoded_frames  # noqa: E402

DEV_UTTERANCES = 200
EXTRA_WARMUP = 50  # warm-up steps of the second learning-rate cycle


def train_tokenizer(work, texts, vocab_size):
    """Train a SentencePiece BPE model on the training texts unless it exists; return its path."""
    prefix = os.path.join(work, "bpe")
    if not os.path.exists(prefix + ".model"):
        corpus = os.path.join(work, "bpe_corpus.txt")
        with open(corpus, "w", encoding="utf-8") as f:
            f.write("\n".join(texts) + "\n")
        spm.SentencePieceTrainer.train(
            input=corpus, model_prefix=prefix, vocab_size=vocab_size, model_type="bpe",
            character_coverage=1.0, unk_id=0, bos_id=-1, eos_id=-1, pad_id=-1,
            num_threads=1, minloglevel=1)
    return prefix + ".model"


def load_training_data(work):
    feats = np.load(os.path.join(work, "train", "feats.npy"))
    lengths = np.load(os.path.join(work, "train", "lengths.npy"))
    with open(os.path.join(work, "train", "texts.txt"), encoding="utf-8") as f:
        texts = [line.split("\t")[0] for line in f]
    if len(texts) != len(lengths):
        raise ValueError(f"{len(texts)} texts but {len(lengths)} feature matrices in {work}/train")
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    return feats, lengths, offsets, texts


def make_batches(indices, lengths, max_frames, rng):
    """Group utterances of similar length into batches of at most ``max_frames`` padded frames."""
    order = sorted(indices, key=lambda i: (lengths[i], i))
    batches, current, longest = [], [], 0
    for i in order:
        longest_new = max(longest, lengths[i])
        if current and longest_new * (len(current) + 1) > max_frames:
            batches.append(current)
            current, longest_new = [], lengths[i]
        current.append(i)
        longest = longest_new
    if current:
        batches.append(current)
    rng.shuffle(batches)
    return batches


def collate(batch, feats, offsets, lengths, token_ids):
    t_max = max(lengths[i] for i in batch)
    x = np.zeros((len(batch), t_max, feats.shape[1]), dtype=np.float32)
    for row, i in enumerate(batch):
        x[row, :lengths[i]] = feats[offsets[i]:offsets[i + 1]]
    targets = [torch.tensor(token_ids[i], dtype=torch.long) for i in batch]
    return (torch.from_numpy(x).transpose(1, 2).contiguous(),
            torch.tensor([lengths[i] for i in batch], dtype=torch.long),
            torch.cat(targets), torch.tensor([len(t) for t in targets], dtype=torch.long))


def spec_augment(x, lengths, gen):
    """Zero two frequency bands (up to 15 bins) and up to four time spans (up to 5% each) per utterance."""
    b, f, t = x.shape
    for row in range(b):
        n = int(lengths[row])
        for _ in range(2):
            w = int(torch.randint(0, 16, (1,), generator=gen))
            f0 = int(torch.randint(0, f - w + 1, (1,), generator=gen))
            x[row, f0:f0 + w, :] = 0.0
        max_w = max(1, int(0.05 * n))
        for _ in range(int(torch.randint(0, 5, (1,), generator=gen))):
            w = int(torch.randint(0, max_w + 1, (1,), generator=gen))
            t0 = int(torch.randint(0, max(1, n - w), (1,), generator=gen))
            x[row, :, t0:t0 + w] = 0.0
    return x


def cosine(peak, warmup, steps, step):
    """Warm up linearly to ``peak`` over ``warmup`` steps, then decay to 1e-5 at ``steps`` along a cosine."""
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = min(1.0, (step - warmup) / max(1, steps - warmup))
    return 1e-5 + (peak - 1e-5) * 0.5 * (1.0 + math.cos(math.pi * progress))


def learning_rate(step, args):
    """Return the learning rate: a cosine cycle to ``max_steps``, then the shorter extra cycles."""
    if step < args.max_steps:
        return cosine(args.peak_lr, args.warmup, args.max_steps, step)
    start = args.max_steps
    for steps, peak in zip(args.extra_steps, args.extra_peak_lr):
        if step < start + steps:
            return cosine(peak, EXTRA_WARMUP, steps, step - start)
        start += steps
    return 1e-5


def greedy_decode(logprobs, frames, blank):
    """Return token id lists: argmax per frame, repeats merged, blanks removed."""
    best = logprobs.argmax(dim=-1)
    out = []
    for row in range(best.shape[0]):
        prev, ids = -1, []
        for tok in best[row, :int(frames[row])].tolist():
            if tok != prev and tok != blank:
                ids.append(tok)
            prev = tok
        out.append(ids)
    return out


def edit_distance(ref, hyp):
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1]


def evaluate_dev(model, batches, feats, offsets, lengths, token_ids, texts, sp, blank):
    model.eval()
    errors = words = 0
    with torch.no_grad():
        for batch in batches:
            x, x_len, _, _ = collate(batch, feats, offsets, lengths, token_ids)
            hyps = greedy_decode(model(x, x_len), decoded_frames(x_len), blank)
            for i, ids in zip(batch, hyps):
                ref = texts[i].split()
                errors += edit_distance(ref, sp.decode(ids).split())
                words += len(ref)
    model.train()
    return errors / max(1, words)


def parse_ints(text):
    return [int(x) for x in text.split(",") if x]


def parse_floats(text):
    return [float(x) for x in text.split(",") if x]


def save_checkpoint(path, state):
    tmp = path + ".tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", required=True, help="folder with train/ from synth.py; exp/ is written here")
    ap.add_argument("--max-steps", type=int, default=2600, help="optimizer steps; the cosine schedule ends here")
    ap.add_argument("--vocab-size", type=int, default=256, help="SentencePiece vocabulary size (without blank)")
    ap.add_argument("--max-frames", type=int, default=14000, help="padded feature frames per batch")
    ap.add_argument("--peak-lr", type=float, default=2e-3)
    ap.add_argument("--warmup", type=int, default=400, help="warm-up steps")
    ap.add_argument("--extra-steps", type=parse_ints, default=[2200, 1200, 800],
                    help="comma-separated lengths of extra cosine cycles (warm restarts) after --max-steps")
    ap.add_argument("--extra-peak-lr", type=parse_floats, default=[8e-4, 5e-4, 4e-4],
                    help="comma-separated peak learning rates of the extra cycles")
    ap.add_argument("--save-every", type=int, default=50, help="steps between checkpoints")
    ap.add_argument("--average-last", type=int, default=300,
                    help="keep weight snapshots at every checkpoint in the last N steps, for export.py to average")
    ap.add_argument("--dev-every", type=int, default=400, help="steps between dev WER checks")
    ap.add_argument("--stop-after-s", type=float, default=0,
                    help="save and exit after this many seconds (0: no limit); a later run resumes")
    ap.add_argument("--log-every", type=int, default=50, help="steps between progress lines")
    ap.add_argument("--init-from", default="",
                    help="checkpoint whose weights start a new run: every tensor of the same name and shape is "
                         "copied, so an output layer for a different vocabulary starts fresh (ignored on resume)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=20261204)
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    exp = os.path.join(args.work, "exp")
    os.makedirs(exp, exist_ok=True)
    ckpt_path = os.path.join(exp, "last.pt")

    feats, lengths, offsets, texts = load_training_data(args.work)
    sp = spm.SentencePieceProcessor(model_file=train_tokenizer(args.work, texts, args.vocab_size))
    vocab = sp.get_piece_size() + 1
    blank = vocab - 1
    token_ids = [sp.encode(t) for t in texts]

    n = len(lengths)
    n_dev = min(DEV_UTTERANCES, n // 10)
    dev_idx = list(range(n - n_dev, n))
    train_idx = list(range(n - n_dev))
    dev_batches = make_batches(dev_idx, lengths, args.max_frames, np.random.default_rng(0))
    hours = lengths[train_idx].sum() / 100 / 3600
    print(f"{len(train_idx)} training utterances ({hours:.2f} h), {len(dev_idx)} dev, vocab {vocab}", flush=True)

    model = ConformerCtc(vocab)
    print(f"{sum(p.numel() for p in model.parameters()) / 1e6:.2f} M parameters", flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=args.peak_lr, betas=(0.9, 0.98), weight_decay=1e-3)
    gen = torch.Generator().manual_seed(args.seed)
    step, epoch, pos = 0, 0, 0
    if os.path.exists(ckpt_path):
        state = torch.load(ckpt_path)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["optimizer"])
        gen.set_state(state["generator"])
        torch.set_rng_state(state["torch_rng"])
        step, epoch, pos = state["step"], state["epoch"], state["pos"]
        print(f"resumed from {ckpt_path} at step {step}, epoch {epoch}, batch {pos}", flush=True)
    elif args.init_from:
        source_tensors = torch.load(args.init_from)["model"]
        model_tensors = model.state_dict()
        matching = {name: tensor for name, tensor in source_tensors.items()
                    if name in model_tensors and model_tensors[name].shape == tensor.shape}
        if not matching:
            raise SystemExit(f"--init-from {args.init_from}: no tensor has this model's names and shapes. "
                             "Give a checkpoint that train.py wrote for the same model config.")
        model.load_state_dict(matching, strict=False)
        print(f"initialised {len(matching)} of {len(model_tensors)} tensors from {args.init_from}", flush=True)

    stop = {"flag": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(flag=True))
    signal.signal(signal.SIGINT, lambda *_: stop.update(flag=True))

    def checkpoint():
        save_checkpoint(ckpt_path, dict(
            model=model.state_dict(), optimizer=opt.state_dict(), generator=gen.get_state(),
            torch_rng=torch.get_rng_state(), step=step, epoch=epoch, pos=pos,
            config=model.config, vocab_size=vocab, average_from=end - args.average_last))

    model.train()
    start = time.time()
    log_loss, log_audio, log_start = 0.0, 0.0, time.time()
    if len(args.extra_steps) != len(args.extra_peak_lr):
        raise SystemExit(f"--extra-steps has {len(args.extra_steps)} cycles but --extra-peak-lr has "
                         f"{len(args.extra_peak_lr)} learning rates; give one rate per cycle")
    end = args.max_steps + sum(args.extra_steps)
    while step < end and not stop["flag"]:
        batches = make_batches(train_idx, lengths, args.max_frames, np.random.default_rng(args.seed + epoch))
        while pos < len(batches) and step < end and not stop["flag"]:
            x, x_len, y, y_len = collate(batches[pos], feats, offsets, lengths, token_ids)
            x = spec_augment(x, x_len, gen)
            for group in opt.param_groups:
                group["lr"] = learning_rate(step, args)
            logprobs = model(x, x_len)
            loss = F.ctc_loss(logprobs.transpose(0, 1), y, decoded_frames(x_len), y_len,
                              blank=blank, reduction="sum", zero_infinity=True) / x.shape[0]
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            step += 1
            pos += 1
            log_loss += loss.item()
            log_audio += float(x_len.sum()) / 100
            if step % args.log_every == 0:
                elapsed = time.time() - log_start
                print(f"step {step} epoch {epoch} loss {log_loss / args.log_every:.3f} "
                      f"lr {opt.param_groups[0]['lr']:.2e} {log_audio / elapsed:.0f} s audio/s", flush=True)
                log_loss, log_audio, log_start = 0.0, 0.0, time.time()
            if step % args.save_every == 0:
                checkpoint()
                if step > end - args.average_last:
                    save_checkpoint(os.path.join(exp, f"average-{step:06d}.pt"), model.state_dict())
            if step % args.dev_every == 0:
                wer = evaluate_dev(model, dev_batches, feats, offsets, lengths, token_ids, texts, sp, blank)
                print(f"step {step} dev WER {100 * wer:.2f}%", flush=True)
            if args.stop_after_s and time.time() - start > args.stop_after_s:
                stop["flag"] = True
        if pos >= len(batches):
            epoch, pos = epoch + 1, 0
    checkpoint()
    if step >= end:
        save_checkpoint(os.path.join(exp, f"average-{step:06d}.pt"), model.state_dict())
    print(f"saved {ckpt_path} at step {step}", flush=True)


if __name__ == "__main__":
    main()
