package io.lightningasr.asr.inference;

import java.util.Locale;

/** The configured compute device for inference. */
public enum Device {
    /** CUDA when the ONNX Runtime build offers it and a CUDA session can be created, else the CPU. */
    AUTO,
    /** The CPU. */
    CPU,
    /** CUDA; start-up fails when it is not available, with no fallback to the CPU. */
    GPU;

    /**
     * Parses {@code auto}, {@code cpu} or {@code gpu}, ignoring case and surrounding spaces.
     *
     * @throws IllegalArgumentException for any other value, naming it and the accepted values
     */
    public static Device parse(String value) {
        String normalized = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return switch (normalized) {
            case "auto" -> AUTO;
            case "cpu" -> CPU;
            case "gpu" -> GPU;
            default -> throw new IllegalArgumentException(
                    "device must be one of auto, cpu, gpu, got '" + value + "'");
        };
    }
}
