package io.lightningasr.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs docker/check-classpath.sh, the guard in the image builds, on directories named like Maven's
 * copy-dependencies output. The script reads only file names, so empty files stand in for the jars.
 */
class CheckClasspathScriptTest {

    private static final Path SCRIPT = Repo.root().resolve("docker/check-classpath.sh");

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0} image with [{1}] exits {2}")
    @CsvSource(delimiter = ';', value = {
        "cpu; onnxruntime-1.21.1.jar onnxruntime-engine-0.38.0.jar; 0",
        "gpu; onnxruntime_gpu-1.21.0.jar onnxruntime-engine-0.38.0.jar; 0",
        "cpu; onnxruntime_gpu-1.21.0.jar onnxruntime-engine-0.38.0.jar; 1",
        "gpu; onnxruntime-1.21.1.jar onnxruntime-engine-0.38.0.jar; 1",
        "gpu; onnxruntime-1.21.1.jar onnxruntime_gpu-1.21.0.jar onnxruntime-engine-0.38.0.jar; 1",
        "cpu; onnxruntime-1.21.1.jar onnxruntime_gpu-1.21.0.jar onnxruntime-engine-0.38.0.jar; 1",
        "cpu; onnxruntime-engine-0.38.0.jar; 1",
        "tpu; onnxruntime-1.21.1.jar; 2",
    })
    void scriptAcceptsOnlyMatchingBuild(String variant, String jars, int expectedExit) throws Exception {
        Path dependencies = Files.createDirectory(temp.resolve("dependency"));
        for (String jar : jars.split(" ")) {
            Files.createFile(dependencies.resolve(jar));
        }

        Process script = new ProcessBuilder(List.of("sh", SCRIPT.toString(), variant, dependencies.toString()))
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("output.txt").toFile())
                .start();
        assertTrue(script.waitFor(30, TimeUnit.SECONDS), "check-classpath.sh did not finish");

        String output = output();
        assertEquals(expectedExit, script.exitValue(), output);
        if (expectedExit == 1) {
            assertTrue(output.contains("expected"), "the failure does not say what was expected: " + output);
        }
    }

    private String output() throws IOException {
        return Files.readString(temp.resolve("output.txt"));
    }
}
