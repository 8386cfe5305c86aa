package io.lightningasr.asr.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightningasr.asr.model.OnnxProtoWriter.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken model directories fail to load with a message that names the file and the problem. */
class AcousticModelLoadErrorTest {

    private static final String TOKENS = "a 0\nb 1\n<blk> 2\n";

    private static ModelLoadException loadFails(Path dir) {
        return assertThrows(ModelLoadException.class, () -> AcousticModel.load(dir, ExecutionProvider.CPU, 1));
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message lacks '" + part + "': " + e.getMessage());
        }
    }

    @Test
    void missingDirectoryIsRejected(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-model");

        assertMentions(loadFails(missing), "no-such-model", "does not exist");
    }

    @Test
    void missingOnnxFileIsRejected(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokens.txt"), TOKENS);

        assertMentions(loadFails(dir), "model.onnx", "not found");
    }

    @Test
    void missingTokensFileIsRejected(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("model.onnx"), new byte[] {1, 2, 3});

        assertMentions(loadFails(dir), "tokens.txt", "not found");
    }

    @Test
    void corruptOnnxFileIsRejected(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokens.txt"), TOKENS);
        Files.write(dir.resolve("model.onnx"), "this is not a protobuf model".getBytes());

        assertMentions(loadFails(dir), "model.onnx", "ONNX Runtime failed to load the model");
    }

    @Test
    void malformedTokensFileIsRejected(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokens.txt"), "a 0\nb 5\n");
        Files.write(dir.resolve("model.onnx"), new byte[] {1, 2, 3});

        assertMentions(loadFails(dir), "tokens.txt", "id 1 is missing");
    }

    @Test
    void twoDimensionalFeatureInputIsRejected(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokens.txt"), TOKENS);
        Tensor audio = new Tensor("audio_signal", OnnxProtoWriter.FLOAT, -1, 80);
        Tensor length = new Tensor("length", OnnxProtoWriter.INT64, -1);
        Tensor output = new Tensor("logprobs", OnnxProtoWriter.FLOAT, -1, 80);
        Files.write(dir.resolve("model.onnx"),
                OnnxProtoWriter.identityModel(new Tensor[] {audio, length}, "audio_signal", output));

        assertMentions(loadFails(dir), "model.onnx", "audio_signal has rank 2", "expected rank 3");
    }

    @Test
    void missingLengthInputIsRejected(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokens.txt"), TOKENS);
        Tensor audio = new Tensor("audio_signal", OnnxProtoWriter.FLOAT, -1, 80, -1);
        Tensor output = new Tensor("logprobs", OnnxProtoWriter.FLOAT, -1, 80, -1);
        Files.write(dir.resolve("model.onnx"),
                OnnxProtoWriter.identityModel(new Tensor[] {audio}, "audio_signal", output));

        assertMentions(loadFails(dir), "model.onnx", "expected 2 inputs", "audio_signal");
    }

    @Test
    void classCountDifferentFromTokensIsRejected(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokens.txt"), TOKENS);
        Tensor audio = new Tensor("audio_signal", OnnxProtoWriter.FLOAT, -1, 80, 80);
        Tensor length = new Tensor("length", OnnxProtoWriter.INT64, -1);
        Tensor output = new Tensor("logprobs", OnnxProtoWriter.FLOAT, -1, 80, 80);
        Files.write(dir.resolve("model.onnx"),
                OnnxProtoWriter.identityModel(new Tensor[] {audio, length}, "audio_signal", output));

        assertMentions(loadFails(dir), "model.onnx", "80 classes", "tokens.txt", "3 tokens");
    }
}
