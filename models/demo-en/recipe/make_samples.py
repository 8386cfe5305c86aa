"""Write the short held-out sample recordings in samples/ in several audio formats.

Takes the first held-out test utterances between 1.5 s and 3.5 s long from
``<work>/test/test.tsv`` and converts them with sox and ffmpeg. Writes
``samples/transcripts.tsv`` (``file<TAB>text``).
"""

import argparse
import os
import subprocess
import wave

# (output file name, converter command after the input path and before the output path)
FORMATS = [
    ("en-16k-mono.wav", ["sox", "-D", "{src}", "-b", "16", "-r", "16000", "-c", "1", "{dst}"]),
    ("en-44k1-stereo.wav", ["sox", "-D", "{src}", "-b", "16", "-r", "44100", "-c", "2", "{dst}"]),
    ("en-8k-mono.wav", ["sox", "-D", "{src}", "-b", "16", "-r", "8000", "-c", "1", "{dst}"]),
    ("en-16k-mono.mp3", ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", "{src}",
                         "-codec:a", "libmp3lame", "-b:a", "48k", "-ar", "16000", "-ac", "1", "{dst}"]),
    ("en-44k1-stereo.mp3", ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", "{src}",
                            "-codec:a", "libmp3lame", "-b:a", "64k", "-ar", "44100", "-ac", "2", "{dst}"]),
    ("en-16k-mono.flac", ["sox", "-D", "{src}", "-r", "16000", "-c", "1", "{dst}"]),
    ("en-48k-mono.flac", ["sox", "-D", "{src}", "-r", "48000", "-c", "1", "{dst}"]),
]
MIN_SECONDS, MAX_SECONDS = 1.5, 3.5


def duration(path):
    with wave.open(path, "rb") as w:
        return w.getnframes() / w.getframerate()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", required=True, help="recipe work folder with test/test.tsv")
    ap.add_argument("--out-dir", required=True, help="samples folder")
    args = ap.parse_args()

    test_dir = os.path.join(args.work, "test")
    with open(os.path.join(test_dir, "test.tsv"), encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    picked = [r for r in rows if MIN_SECONDS <= duration(os.path.join(test_dir, r[0])) <= MAX_SECONDS]
    if len(picked) < len(FORMATS):
        raise SystemExit(f"only {len(picked)} test utterances last {MIN_SECONDS}-{MAX_SECONDS} s")

    os.makedirs(args.out_dir, exist_ok=True)
    lines = []
    for (name, template), row in zip(FORMATS, picked):
        src = os.path.join(test_dir, row[0])
        dst = os.path.join(args.out_dir, name)
        subprocess.run([a.format(src=src, dst=dst) for a in template], check=True)
        lines.append(f"{name}\t{row[1]}")
        print(f"{name}: {row[1]} ({row[2]}, speed {row[3]}, pitch {row[4]})")
    with open(os.path.join(args.out_dir, "transcripts.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
