package io.lightningasr.asr.config;

import io.lightningasr.asr.inference.Device;
import io.lightningasr.asr.model.CudaOptions;
import io.lightningasr.asr.model.CudaOptions.ArenaExtendStrategy;
import io.lightningasr.asr.model.CudaOptions.ConvAlgoSearch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Settings of the transcription pod, read from environment variables and validated once at start-up.
 *
 * @param host bind address of both listeners ({@code ASR_HOST})
 * @param port API port, {@code 0} picks a free port ({@code ASR_PORT})
 * @param metricsPort port of {@code /metrics}, {@code 0} picks a free port ({@code ASR_METRICS_PORT})
 * @param modelDir model directory containing {@code model.onnx} and {@code tokens.txt} ({@code ASR_MODEL_DIR})
 * @param device where inference runs ({@code ASR_DEVICE})
 * @param slots inference calls that run at once ({@code ASR_SLOTS})
 * @param queueSize admitted requests that may wait for a slot ({@code ASR_QUEUE_SIZE})
 * @param intraOpThreads ONNX Runtime threads per inference, {@code 0} keeps the runtime default
 *     ({@code ASR_INTRA_OP_THREADS})
 * @param maxBodyMb request body limit in MiB ({@code ASR_MAX_BODY_MB})
 * @param maxDurationSeconds decoded audio limit in seconds ({@code ASR_MAX_DURATION_SECONDS})
 * @param drainGrace how long in-flight requests may run after SIGTERM ({@code ASR_DRAIN_GRACE_SECONDS})
 * @param requestTimeout processing limit of one request, queue wait included ({@code ASR_REQUEST_TIMEOUT_SECONDS})
 * @param cuda settings of the CUDA execution provider ({@code ASR_CUDA_DEVICE_ID},
 *     {@code ASR_CUDA_CUDNN_CONV_ALGO_SEARCH}, {@code ASR_CUDA_ARENA_EXTEND_STRATEGY},
 *     {@code ASR_CUDA_GPU_MEM_LIMIT_MB}); see {@link CudaOptions} for the defaults
 */
public record AsrConfig(
        String host,
        int port,
        int metricsPort,
        Path modelDir,
        Device device,
        int slots,
        int queueSize,
        int intraOpThreads,
        int maxBodyMb,
        int maxDurationSeconds,
        Duration drainGrace,
        Duration requestTimeout,
        CudaOptions cuda) {

    /** The default model directory, relative to the working directory or to the project directory. */
    public static final String DEFAULT_MODEL_DIR = "models/demo-en";

    /** Upper bound of ASR_MAX_BODY_MB: larger bodies would not fit one Java array. */
    public static final int MAX_BODY_MB_LIMIT = 2047;

    /** Upper bound of ASR_CUDA_DEVICE_ID, a bound against typos far above the GPU count of one host. */
    public static final int MAX_CUDA_DEVICE_ID = 1023;

    /** Upper bound of ASR_CUDA_GPU_MEM_LIMIT_MB: 1 TiB in MiB, a bound against typos. */
    public static final int MAX_GPU_MEM_LIMIT_MB = 1_048_576;

    public AsrConfig {
        if (host == null || host.isBlank()) {
            throw new ConfigException("ASR_HOST", "a host name or IP address", String.valueOf(host));
        }
        if (port == metricsPort && port != 0) {
            throw new ConfigException("ASR_METRICS_PORT", "a port different from ASR_PORT=" + port,
                    String.valueOf(metricsPort));
        }
    }

    /** Returns the request body limit in bytes. */
    public long maxBodyBytes() {
        return maxBodyMb * 1024L * 1024L;
    }

    /**
     * Reads and validates the settings from {@code env}; missing or blank keys take their defaults.
     *
     * @param env the environment, normally {@link System#getenv()}
     * @param projectDir a second base for a relative {@code ASR_MODEL_DIR}, tried when the directory does not
     *     exist under the working directory; {@code null} to skip
     * @throws ConfigException naming the key, the expected value and the given value
     */
    public static AsrConfig fromEnvironment(Map<String, String> env, Path projectDir) {
        EnvReader reader = new EnvReader(env);
        return new AsrConfig(
                reader.string("ASR_HOST", "0.0.0.0"),
                reader.integer("ASR_PORT", 2269, 0, 65535),
                reader.integer("ASR_METRICS_PORT", 9090, 0, 65535),
                resolveModelDir(reader.string("ASR_MODEL_DIR", DEFAULT_MODEL_DIR), projectDir),
                reader.device("ASR_DEVICE"),
                reader.integer("ASR_SLOTS", 2, 1, 1024),
                reader.integer("ASR_QUEUE_SIZE", 16, 0, 100_000),
                reader.integer("ASR_INTRA_OP_THREADS", 0, 0, 1024),
                reader.integer("ASR_MAX_BODY_MB", 100, 1, MAX_BODY_MB_LIMIT),
                reader.integer("ASR_MAX_DURATION_SECONDS", 7200, 1, 86_400),
                Duration.ofSeconds(reader.integer("ASR_DRAIN_GRACE_SECONDS", 30, 0, 86_400)),
                Duration.ofSeconds(reader.integer("ASR_REQUEST_TIMEOUT_SECONDS", 600, 1, 86_400)),
                cudaOptions(reader));
    }

    private static CudaOptions cudaOptions(EnvReader reader) {
        CudaOptions defaults = CudaOptions.DEFAULTS;
        return new CudaOptions(
                reader.integer("ASR_CUDA_DEVICE_ID", defaults.deviceId(), 0, MAX_CUDA_DEVICE_ID),
                reader.choice("ASR_CUDA_CUDNN_CONV_ALGO_SEARCH", defaults.convAlgoSearch(), ConvAlgoSearch::parse,
                        ConvAlgoSearch.acceptedValues()),
                reader.choice("ASR_CUDA_ARENA_EXTEND_STRATEGY", defaults.arenaExtendStrategy(),
                        ArenaExtendStrategy::parse, ArenaExtendStrategy.acceptedValues()),
                reader.integer("ASR_CUDA_GPU_MEM_LIMIT_MB", defaults.gpuMemLimitMb(), 0, MAX_GPU_MEM_LIMIT_MB));
    }

    private static Path resolveModelDir(String value, Path projectDir) {
        Path path = Path.of(value);
        if (path.isAbsolute() || Files.isDirectory(path) || projectDir == null) {
            return path.toAbsolutePath().normalize();
        }
        Path fromProject = projectDir.resolve(path);
        return Files.isDirectory(fromProject) ? fromProject.toAbsolutePath().normalize()
                : path.toAbsolutePath().normalize();
    }

    private record EnvReader(Map<String, String> env) {

        String string(String key, String defaultValue) {
            String value = env.get(key);
            return value == null || value.isBlank() ? defaultValue : value.trim();
        }

        int integer(String key, int defaultValue, int min, int max) {
            String value = env.get(key);
            if (value == null || value.isBlank()) {
                return defaultValue;
            }
            String expected = "an integer from " + min + " to " + max;
            try {
                int parsed = Integer.parseInt(value.trim());
                if (parsed < min || parsed > max) {
                    throw new ConfigException(key, expected, value);
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new ConfigException(key, expected, value, e);
            }
        }

        <E extends Enum<E>> E choice(String key, E defaultValue, Function<String, E> parser, String accepted) {
            String value = env.get(key);
            if (value == null || value.isBlank()) {
                return defaultValue;
            }
            try {
                return parser.apply(value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key, "one of " + accepted, value, e);
            }
        }

        Device device(String key) {
            String value = string(key, "auto");
            try {
                return Device.parse(value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key, "one of auto, cpu, gpu", value, e);
            }
        }
    }
}
