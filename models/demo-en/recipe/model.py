"""Small Conformer-CTC acoustic model with 8x subsampling.

Input: normalised log-mel features ``[B, 80, T]`` and valid frame counts
``[B]``. Output: log-softmax ``[B, T', V]`` where the blank is the last class.
``T' = ceil(T / 8)``, so output frames are 80 ms apart, and output frame
``t`` is centred near input frame ``8t``. Decoders use the first
``length // 8`` output frames, which is what sherpa-onnx does with the
``subsampling_factor`` metadata.

Frames past ``length`` are masked after every convolution and in attention,
so the output for a padded utterance equals the output for the same
utterance alone.
"""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

SUBSAMPLING_FACTOR = 8


def conv_out_length(lengths):
    """Return the length after a kernel-3, stride-2, padding-1 convolution: ``ceil(L / 2)``."""
    return torch.div(lengths - 1, 2, rounding_mode="floor") + 1


def time_mask(lengths, max_len):
    """Return a bool mask ``[B, max_len]``, true on valid frames."""
    return torch.arange(max_len, device=lengths.device)[None, :] < lengths[:, None]


class ConvSubsampling(nn.Module):
    """Three 1-D convolutions over time (kernel 3, stride 2) with the mel bins as input channels.

    A 1-D front end costs far less CPU than NeMo's 2-D dw_striding one, which
    matters when training on two cores.
    """

    def __init__(self, feat_dim, channels, d_model):
        super().__init__()
        self.conv1 = nn.Conv1d(feat_dim, channels, 3, stride=2, padding=1)
        self.conv2 = nn.Conv1d(channels, channels, 3, stride=2, padding=1)
        self.conv3 = nn.Conv1d(channels, d_model, 3, stride=2, padding=1)

    @staticmethod
    def _mask(x, lengths):
        return x * time_mask(lengths, x.shape[2])[:, None, :].to(x.dtype)

    def forward(self, x, lengths):
        """Map ``[B, F, T]`` to ``[B, ceil(T / 8), d_model]`` and the subsampled lengths."""
        for conv in (self.conv1, self.conv2, self.conv3):
            lengths = conv_out_length(lengths)
            x = self._mask(F.relu(conv(x)), lengths)
        return x.transpose(1, 2), lengths


class FeedForward(nn.Module):
    def __init__(self, d_model, d_ff, dropout):
        super().__init__()
        self.net = nn.Sequential(
            nn.LayerNorm(d_model), nn.Linear(d_model, d_ff), nn.SiLU(),
            nn.Linear(d_ff, d_model), nn.Dropout(dropout))

    def forward(self, x):
        return self.net(x)


class SelfAttention(nn.Module):
    """Multi-head self-attention with a key padding mask, written with plain matmuls for ONNX export."""

    def __init__(self, d_model, heads, dropout):
        super().__init__()
        self.heads = heads
        self.norm = nn.LayerNorm(d_model)
        self.qkv = nn.Linear(d_model, 3 * d_model)
        self.proj = nn.Linear(d_model, d_model)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x, valid):
        b, t, d = x.shape
        h = self.heads
        q, k, v = self.qkv(self.norm(x)).reshape(b, t, 3, h, d // h).permute(2, 0, 3, 1, 4)
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(d // h)
        scores = scores.masked_fill(~valid[:, None, None, :], -1e4)
        attn = torch.softmax(scores, dim=-1)
        y = torch.matmul(attn, v).transpose(1, 2).reshape(b, t, d)
        return self.dropout(self.proj(y))


class ConvModule(nn.Module):
    def __init__(self, d_model, kernel_size, dropout):
        super().__init__()
        self.norm = nn.LayerNorm(d_model)
        self.pw1 = nn.Linear(d_model, 2 * d_model)
        self.dw = nn.Conv1d(d_model, d_model, kernel_size, padding=kernel_size // 2, groups=d_model)
        self.dw_norm = nn.LayerNorm(d_model)
        self.pw2 = nn.Linear(d_model, d_model)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x, valid):
        y = F.glu(self.pw1(self.norm(x)), dim=-1)
        y = y * valid[:, :, None].to(y.dtype)
        y = self.dw(y.transpose(1, 2)).transpose(1, 2)
        y = self.pw2(F.silu(self.dw_norm(y)))
        return self.dropout(y)


class ConformerBlock(nn.Module):
    def __init__(self, d_model, heads, d_ff, kernel_size, dropout):
        super().__init__()
        self.ff1 = FeedForward(d_model, d_ff, dropout)
        self.attn = SelfAttention(d_model, heads, dropout)
        self.conv = ConvModule(d_model, kernel_size, dropout)
        self.ff2 = FeedForward(d_model, d_ff, dropout)
        self.norm = nn.LayerNorm(d_model)

    def forward(self, x, valid):
        x = x + 0.5 * self.ff1(x)
        x = x + self.attn(x, valid)
        x = x + self.conv(x, valid)
        x = x + 0.5 * self.ff2(x)
        return self.norm(x)


def sinusoidal_positions(t, d_model, device):
    """Return absolute sinusoidal position encodings ``[t, d_model]``."""
    pos = torch.arange(t, device=device, dtype=torch.float32)[:, None]
    inv_freq = torch.exp(torch.arange(0, d_model, 2, device=device, dtype=torch.float32)
                         * (-math.log(10000.0) / d_model))
    angles = pos * inv_freq[None, :]
    return torch.cat([torch.sin(angles), torch.cos(angles)], dim=-1)


class ConformerCtc(nn.Module):
    def __init__(self, vocab_size, feat_dim=80, d_model=144, layers=6, heads=4, d_ff=576,
                 kernel_size=15, subsampling_channels=192, dropout=0.1):
        super().__init__()
        self.config = dict(vocab_size=vocab_size, feat_dim=feat_dim, d_model=d_model, layers=layers,
                           heads=heads, d_ff=d_ff, kernel_size=kernel_size,
                           subsampling_channels=subsampling_channels, dropout=dropout)
        self.d_model = d_model
        self.subsampling = ConvSubsampling(feat_dim, subsampling_channels, d_model)
        self.dropout = nn.Dropout(dropout)
        self.blocks = nn.ModuleList(
            ConformerBlock(d_model, heads, d_ff, kernel_size, dropout) for _ in range(layers))
        self.output = nn.Linear(d_model, vocab_size)

    def forward(self, audio_signal, length):
        """Map features ``[B, 80, T]`` and lengths ``[B]`` to log-probs ``[B, ceil(T/8), V]``."""
        x = audio_signal * time_mask(length, audio_signal.shape[2])[:, None, :].to(audio_signal.dtype)
        x, sub_lengths = self.subsampling(x, length)
        valid = time_mask(sub_lengths, x.shape[1])
        x = self.dropout(x + sinusoidal_positions(x.shape[1], self.d_model, x.device)[None])
        for block in self.blocks:
            x = block(x, valid)
        return F.log_softmax(self.output(x), dim=-1)


def decoded_frames(lengths):
    """Return the number of output frames that decoders read: ``length // 8``."""
    return torch.div(lengths, SUBSAMPLING_FACTOR, rounding_mode="floor")
