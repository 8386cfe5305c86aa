package io.lightningasr.asr.model;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Settings of ONNX Runtime's CUDA execution provider, used only when the model runs on CUDA.
 *
 * <p>The defaults differ from ONNX Runtime's own (ONNX Runtime C API, {@code OrtCUDAProviderOptions}) where
 * those suit fixed input shapes, because the time dimension of the features changes with nearly every request.
 *
 * @param deviceId CUDA device ordinal, default 0: the first device visible to the process. A Kubernetes pod sees
 *     only the GPUs assigned to it, numbered from 0.
 * @param convAlgoSearch how cuDNN picks convolution algorithms; default {@link ConvAlgoSearch#HEURISTIC}, see
 *     there for why
 * @param arenaExtendStrategy how the GPU memory arena grows; default
 *     {@link ArenaExtendStrategy#SAME_AS_REQUESTED}, see there for why
 * @param gpuMemLimitMb cap of the CUDA memory arena in MiB; default 0 sets no cap (ONNX Runtime's default),
 *     because the right cap depends on the GPU and on how many pods share it
 */
public record CudaOptions(int deviceId, ConvAlgoSearch convAlgoSearch, ArenaExtendStrategy arenaExtendStrategy,
        int gpuMemLimitMb) {

    /** The defaults described on each component. */
    public static final CudaOptions DEFAULTS =
            new CudaOptions(0, ConvAlgoSearch.HEURISTIC, ArenaExtendStrategy.SAME_AS_REQUESTED, 0);

    public CudaOptions {
        if (deviceId < 0) {
            throw new IllegalArgumentException("deviceId must be >= 0, got " + deviceId);
        }
        Objects.requireNonNull(convAlgoSearch, "convAlgoSearch");
        Objects.requireNonNull(arenaExtendStrategy, "arenaExtendStrategy");
        if (gpuMemLimitMb < 0) {
            throw new IllegalArgumentException("gpuMemLimitMb must be >= 0, got " + gpuMemLimitMb);
        }
    }

    /** Returns the arena cap in bytes, or 0 when there is no cap. */
    public long gpuMemLimitBytes() {
        return gpuMemLimitMb * 1024L * 1024L;
    }

    /**
     * Returns the CUDA provider options as ONNX Runtime's keys and values, in the order they are applied.
     * {@code gpu_mem_limit} is present only when a cap is set.
     */
    public Map<String, String> providerOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("device_id", Integer.toString(deviceId));
        options.put("cudnn_conv_algo_search", convAlgoSearch.name());
        options.put("arena_extend_strategy", arenaExtendStrategy.ortName());
        if (gpuMemLimitMb > 0) {
            options.put("gpu_mem_limit", Long.toString(gpuMemLimitBytes()));
        }
        // ONNX Runtime's default as well; stated so that the logged options are complete.
        options.put("do_copy_in_default_stream", "1");
        return options;
    }

    /** Returns the options as {@code key=value} pairs separated by spaces, for logs. */
    public String describe() {
        return providerOptions().entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(" "));
    }

    /**
     * Creates ONNX Runtime's CUDA provider options with these settings. The caller closes them once the session
     * that uses them exists.
     *
     * @throws OrtException when the ONNX Runtime build has no CUDA provider or rejects a value
     */
    public OrtCUDAProviderOptions toProviderOptions() throws OrtException {
        OrtCUDAProviderOptions options = new OrtCUDAProviderOptions(deviceId);
        try {
            for (Map.Entry<String, String> entry : providerOptions().entrySet()) {
                if (!entry.getKey().equals("device_id")) {
                    options.add(entry.getKey(), entry.getValue());
                }
            }
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
        return options;
    }

    /** cuDNN's convolution algorithm search, ONNX Runtime's {@code cudnn_conv_algo_search}. */
    public enum ConvAlgoSearch {
        /**
         * Ranks the algorithms with cuDNN's heuristics ({@code cudnnGetConvolutionForwardAlgorithm_v7}) without
         * running them. The default here: each new input shape costs no benchmark, and audio lengths make
         * nearly every request a new shape.
         */
        HEURISTIC,
        /**
         * Benchmarks every algorithm ({@code cudnnFindConvolutionForwardAlgorithmEx}) on each new input shape.
         * ONNX Runtime's default; it suits fixed shapes.
         */
        EXHAUSTIVE,
        /** Uses {@code CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_PRECOMP_GEMM} without any search. */
        DEFAULT;

        /**
         * Parses a value by its name, ignoring case and surrounding spaces.
         *
         * @throws IllegalArgumentException naming the value and the accepted values
         */
        public static ConvAlgoSearch parse(String value) {
            String normalized = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
            for (ConvAlgoSearch search : values()) {
                if (search.name().equals(normalized)) {
                    return search;
                }
            }
            throw new IllegalArgumentException("cuDNN convolution algorithm search must be one of "
                    + acceptedValues() + ", got '" + value + "'");
        }

        /** Returns the accepted values, comma-separated. */
        public static String acceptedValues() {
            return "HEURISTIC, EXHAUSTIVE, DEFAULT";
        }
    }

    /** The growth strategy of ONNX Runtime's CUDA memory arena, its {@code arena_extend_strategy}. */
    public enum ArenaExtendStrategy {
        /**
         * Grows the arena by the size of the request. The default here: inputs of varying length make requests
         * of varying size, and growing in power-of-two steps can reserve up to about twice the memory used.
         */
        SAME_AS_REQUESTED("kSameAsRequested"),
        /** Grows the arena in power-of-two steps. ONNX Runtime's default. */
        NEXT_POWER_OF_TWO("kNextPowerOfTwo");

        private final String ortName;

        ArenaExtendStrategy(String ortName) {
            this.ortName = ortName;
        }

        /** Returns ONNX Runtime's name of the strategy, such as {@code kSameAsRequested}. */
        public String ortName() {
            return ortName;
        }

        /**
         * Parses ONNX Runtime's name of a strategy, ignoring case and surrounding spaces.
         *
         * @throws IllegalArgumentException naming the value and the accepted values
         */
        public static ArenaExtendStrategy parse(String value) {
            String normalized = value == null ? "" : value.strip();
            for (ArenaExtendStrategy strategy : values()) {
                if (strategy.ortName.equalsIgnoreCase(normalized)) {
                    return strategy;
                }
            }
            throw new IllegalArgumentException("arena extend strategy must be one of " + acceptedValues()
                    + ", got '" + value + "'");
        }

        /** Returns the accepted values, comma-separated. */
        public static String acceptedValues() {
            return "kSameAsRequested, kNextPowerOfTwo";
        }
    }
}
