package io.lightningasr.asr.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import io.lightningasr.asr.model.CudaOptions.ArenaExtendStrategy;
import io.lightningasr.asr.model.CudaOptions.ConvAlgoSearch;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CUDA provider settings: validation, ONNX Runtime keys and, where the build offers CUDA, native options. */
class CudaOptionsTest {

    @Test
    void defaultsSuitVariableLengthAudio() {
        assertEquals(Map.of(
                        "device_id", "0",
                        "cudnn_conv_algo_search", "HEURISTIC",
                        "arena_extend_strategy", "kSameAsRequested",
                        "do_copy_in_default_stream", "1"),
                CudaOptions.DEFAULTS.providerOptions());
    }

    @Test
    void memoryLimitIsPassedInBytes() {
        CudaOptions cuda = new CudaOptions(1, ConvAlgoSearch.EXHAUSTIVE, ArenaExtendStrategy.NEXT_POWER_OF_TWO, 2048);

        Map<String, String> options = cuda.providerOptions();

        assertEquals("1", options.get("device_id"));
        assertEquals("EXHAUSTIVE", options.get("cudnn_conv_algo_search"));
        assertEquals("kNextPowerOfTwo", options.get("arena_extend_strategy"));
        assertEquals("2147483648", options.get("gpu_mem_limit"));
        assertEquals("device_id=1 cudnn_conv_algo_search=EXHAUSTIVE arena_extend_strategy=kNextPowerOfTwo"
                + " gpu_mem_limit=2147483648 do_copy_in_default_stream=1", cuda.describe());
    }

    @Test
    void negativeValuesAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new CudaOptions(-1, ConvAlgoSearch.HEURISTIC, ArenaExtendStrategy.SAME_AS_REQUESTED, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new CudaOptions(0, ConvAlgoSearch.HEURISTIC, ArenaExtendStrategy.SAME_AS_REQUESTED, -1));
    }

    @Test
    void parsingIgnoresCaseAndRejectsUnknownNames() {
        assertEquals(ConvAlgoSearch.DEFAULT, ConvAlgoSearch.parse(" default "));
        assertEquals(ArenaExtendStrategy.SAME_AS_REQUESTED, ArenaExtendStrategy.parse("ksameasrequested"));
        assertThrows(IllegalArgumentException.class, () -> ConvAlgoSearch.parse("fast"));
        assertThrows(IllegalArgumentException.class, () -> ArenaExtendStrategy.parse("same"));
    }

    @Test
    void nativeProviderOptionsCarryEverySetting() throws OrtException {
        assumeTrue(AcousticModel.cudaProviderAvailable(), "skipped: the ONNX Runtime build on the class path has"
                + " no CUDA execution provider (available: " + OrtEnvironment.getAvailableProviders() + ")");
        CudaOptions cuda = new CudaOptions(0, ConvAlgoSearch.HEURISTIC, ArenaExtendStrategy.SAME_AS_REQUESTED, 1024);

        try (OrtCUDAProviderOptions options = cuda.toProviderOptions()) {
            assertEquals("device_id=0;cudnn_conv_algo_search=HEURISTIC;arena_extend_strategy=kSameAsRequested;"
                    + "gpu_mem_limit=1073741824;do_copy_in_default_stream=1;", options.getOptionsString());
        }
    }
}
