package io.lightningasr.asr.config;

import io.lightningasr.asr.inference.Device;
import io.lightningasr.asr.model.CudaOptions;
import io.lightningasr.asr.model.CudaOptions.ArenaExtendStrategy;
import io.lightningasr.asr.model.CudaOptions.ConvAlgoSearch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AsrConfigTest {

    @Test
    void emptyEnvironmentGivesDefaults() {
        AsrConfig config = AsrConfig.fromEnvironment(Map.of(), null);

        assertEquals("0.0.0.0", config.host());
        assertEquals(2269, config.port());
        assertEquals(9090, config.metricsPort());
        assertEquals(Path.of("models/demo-en").toAbsolutePath().normalize(), config.modelDir());
        assertEquals(Device.AUTO, config.device());
        assertEquals(2, config.slots());
        assertEquals(16, config.queueSize());
        assertEquals(0, config.intraOpThreads());
        assertEquals(100, config.maxBodyMb());
        assertEquals(100L * 1024 * 1024, config.maxBodyBytes());
        assertEquals(7200, config.maxDurationSeconds());
        assertEquals(Duration.ofSeconds(30), config.drainGrace());
        assertEquals(Duration.ofSeconds(600), config.requestTimeout());
        assertEquals(0, config.cuda().deviceId());
        assertEquals(ConvAlgoSearch.HEURISTIC, config.cuda().convAlgoSearch());
        assertEquals(ArenaExtendStrategy.SAME_AS_REQUESTED, config.cuda().arenaExtendStrategy());
        assertEquals(0, config.cuda().gpuMemLimitMb());
    }

    @Test
    void everySettingIsRead() {
        AsrConfig config = AsrConfig.fromEnvironment(Map.ofEntries(
                Map.entry("ASR_HOST", "127.0.0.1"),
                Map.entry("ASR_PORT", "0"),
                Map.entry("ASR_METRICS_PORT", "0"),
                Map.entry("ASR_MODEL_DIR", "/opt/models/x"),
                Map.entry("ASR_DEVICE", "CPU"),
                Map.entry("ASR_SLOTS", "4"),
                Map.entry("ASR_QUEUE_SIZE", "0"),
                Map.entry("ASR_INTRA_OP_THREADS", "2"),
                Map.entry("ASR_MAX_BODY_MB", "5"),
                Map.entry("ASR_MAX_DURATION_SECONDS", "60"),
                Map.entry("ASR_DRAIN_GRACE_SECONDS", "0"),
                Map.entry("ASR_REQUEST_TIMEOUT_SECONDS", "9"),
                Map.entry("ASR_CUDA_DEVICE_ID", "3"),
                Map.entry("ASR_CUDA_CUDNN_CONV_ALGO_SEARCH", "exhaustive"),
                Map.entry("ASR_CUDA_ARENA_EXTEND_STRATEGY", "kNextPowerOfTwo"),
                Map.entry("ASR_CUDA_GPU_MEM_LIMIT_MB", "4096")), null);

        CudaOptions cuda = new CudaOptions(3, ConvAlgoSearch.EXHAUSTIVE, ArenaExtendStrategy.NEXT_POWER_OF_TWO, 4096);
        assertEquals(new AsrConfig("127.0.0.1", 0, 0, Path.of("/opt/models/x"), Device.CPU, 4, 0, 2, 5, 60,
                Duration.ZERO, Duration.ofSeconds(9), cuda), config);
    }

    @Test
    void relativeModelDirFallsBackToProjectDirectory(@org.junit.jupiter.api.io.TempDir Path project)
            throws Exception {
        java.nio.file.Files.createDirectories(project.resolve("models/only-in-project"));

        AsrConfig config = AsrConfig.fromEnvironment(Map.of("ASR_MODEL_DIR", "models/only-in-project"), project);

        assertEquals(project.resolve("models/only-in-project").toAbsolutePath(), config.modelDir());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ASR_PORT|http|invalid ASR_PORT: expected an integer from 0 to 65535, got 'http'",
            "ASR_PORT|70000|invalid ASR_PORT: expected an integer from 0 to 65535, got '70000'",
            "ASR_SLOTS|0|invalid ASR_SLOTS: expected an integer from 1 to 1024, got '0'",
            "ASR_QUEUE_SIZE|-1|invalid ASR_QUEUE_SIZE: expected an integer from 0 to 100000, got '-1'",
            "ASR_MAX_BODY_MB|4096|invalid ASR_MAX_BODY_MB: expected an integer from 1 to 2047, got '4096'",
            "ASR_DEVICE|tpu|invalid ASR_DEVICE: expected one of auto, cpu, gpu, got 'tpu'",
            "ASR_REQUEST_TIMEOUT_SECONDS|1.5|invalid ASR_REQUEST_TIMEOUT_SECONDS: expected an integer from 1 to"
                    + " 86400, got '1.5'",
            "ASR_CUDA_DEVICE_ID|-1|invalid ASR_CUDA_DEVICE_ID: expected an integer from 0 to 1023, got '-1'",
            "ASR_CUDA_DEVICE_ID|gpu0|invalid ASR_CUDA_DEVICE_ID: expected an integer from 0 to 1023, got 'gpu0'",
            "ASR_CUDA_CUDNN_CONV_ALGO_SEARCH|FASTEST|invalid ASR_CUDA_CUDNN_CONV_ALGO_SEARCH: expected one of"
                    + " HEURISTIC, EXHAUSTIVE, DEFAULT, got 'FASTEST'",
            "ASR_CUDA_ARENA_EXTEND_STRATEGY|SameAsRequested|invalid ASR_CUDA_ARENA_EXTEND_STRATEGY: expected one"
                    + " of kSameAsRequested, kNextPowerOfTwo, got 'SameAsRequested'",
            "ASR_CUDA_GPU_MEM_LIMIT_MB|-5|invalid ASR_CUDA_GPU_MEM_LIMIT_MB: expected an integer from 0 to"
                    + " 1048576, got '-5'",
            "ASR_CUDA_GPU_MEM_LIMIT_MB|2GB|invalid ASR_CUDA_GPU_MEM_LIMIT_MB: expected an integer from 0 to"
                    + " 1048576, got '2GB'"})
    void invalidValueNamesKeyExpectedAndGiven(String key, String value, String message) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> AsrConfig.fromEnvironment(Map.of(key, value), null));

        assertEquals(message, e.getMessage());
        assertEquals(key, e.key());
    }

    @Test
    void samePortForApiAndMetricsIsRejected() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> AsrConfig.fromEnvironment(Map.of("ASR_PORT", "8000", "ASR_METRICS_PORT", "8000"), null));

        assertEquals("invalid ASR_METRICS_PORT: expected a port different from ASR_PORT=8000, got '8000'",
                e.getMessage());
    }
}
