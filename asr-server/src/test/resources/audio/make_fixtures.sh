#!/bin/sh
# Regenerates the compressed-audio test fixtures in this directory from synthetic tones.
# Needs the Debian ffmpeg package (apt-get install -y ffmpeg); tested with ffmpeg 5.1.
# Each file contains a sine of amplitude 0.5 whose frequency, rate, channels and duration the tests
# in io.lightningasr.asr.audio check; the names state them.
set -eu
cd "$(dirname "$0")"

tone() { # frequency rate seconds channels
    expr="0.5*sin(2*PI*$1*t)"
    if [ "$4" = 2 ]; then expr="$expr|$expr"; fi
    echo "aevalsrc=$expr:s=$2:d=$3"
}

enc() { # output frequency rate seconds channels codec-options...
    out=$1 freq=$2 rate=$3 secs=$4 ch=$5
    shift 5
    ffmpeg -nostdin -hide_banner -loglevel error -y -f lavfi -i "$(tone "$freq" "$rate" "$secs" "$ch")" \
        -map_metadata -1 -fflags +bitexact -flags:a +bitexact "$@" "$out"
}

enc tone1000_44100_stereo.mp3 1000 44100 1.5 2 -c:a libmp3lame -b:a 32k
enc tone440_8000_mono.mp3 440 8000 1.0 1 -c:a libmp3lame -b:a 8k
enc tone2000_16000_mono.flac 2000 16000 0.5 1 -c:a flac -compression_level 8
enc tone1500_22050_mono.ogg 1500 22050 1.0 1 -c:a libvorbis -q:a 0
enc tone1000_48000_stereo.opus 1000 48000 1.0 2 -c:a libopus -b:a 16k
enc tone3000_44100_mono.m4a 3000 44100 1.0 1 -c:a aac -b:a 24k
enc tone1000_48000_mono.webm 1000 48000 1.0 1 -c:a libopus -b:a 16k
enc tone1000_16000_mono_adpcm.wav 1000 16000 0.5 1 -c:a adpcm_ms
enc tone500_44100_mono_5s.mp3 500 44100 5.0 1 -c:a libmp3lame -b:a 8k

# Two hours of silence in 20 KB, far more audio than bytes, for the duration limit.
ffmpeg -nostdin -hide_banner -loglevel error -y -f lavfi -i "anullsrc=r=8000:cl=mono" -t 7300 \
    -map_metadata -1 -fflags +bitexact -c:a flac -frame_size 65535 silence_8000_mono_7300s.flac

ls -l ./*.mp3 ./*.flac ./*.ogg ./*.opus ./*.m4a ./*.webm ./*adpcm.wav
