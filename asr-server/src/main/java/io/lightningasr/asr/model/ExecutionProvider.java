package io.lightningasr.asr.model;

/** The ONNX Runtime execution provider a model runs on. */
public enum ExecutionProvider {
    /** ONNX Runtime's default CPU provider. */
    CPU("cpu", "CPUExecutionProvider"),
    /** NVIDIA CUDA, available only with the CUDA build of ONNX Runtime ({@code onnxruntime_gpu}). */
    CUDA("gpu", "CUDAExecutionProvider");

    private final String device;
    private final String providerName;

    ExecutionProvider(String device, String providerName) {
        this.device = device;
        this.providerName = providerName;
    }

    /** Returns the device label used in metrics and logs: {@code cpu} or {@code gpu}. */
    public String device() {
        return device;
    }

    /** Returns ONNX Runtime's name of the provider, such as {@code CUDAExecutionProvider}. */
    public String providerName() {
        return providerName;
    }
}
