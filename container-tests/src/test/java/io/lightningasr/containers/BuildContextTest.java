package io.lightningasr.containers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.shaded.com.github.dockerjava.core.dockerfile.Dockerfile;

/**
 * Builds the context archive that Testcontainers sends to the Docker engine for each Dockerfile (the
 * docker-java code that {@code ImageFromDockerfile.withDockerfile} uses, which applies .dockerignore) and
 * checks what it contains. No engine is needed.
 */
class BuildContextTest {

    private static final Path ROOT = Repo.root();
    private static final Map<String, Set<String>> CONTEXTS = new ConcurrentHashMap<>();

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.gpu", "Dockerfile.cpu", "Dockerfile.gateway"})
    void contextHasSourcesButNoBuildOutputs(String dockerfile) throws IOException {
        Set<String> entries = contextEntries(dockerfile);

        for (String required : List.of("mvnw", "pom.xml", ".mvn/wrapper/maven-wrapper.properties",
                "asr-server/pom.xml", "api-gateway/pom.xml", "docker/check-classpath.sh", dockerfile)) {
            assertTrue(entries.contains(required), dockerfile + " context lacks " + required);
        }
        // docker-java also archives empty directories inside excluded trees, which adds no content, so only
        // file entries are checked.
        for (String entry : entries.stream().filter(name -> !name.endsWith("/")).toList()) {
            assertFalse(entry.startsWith(".git/"), dockerfile + " context contains " + entry);
            assertFalse(entry.contains("/target/"), dockerfile + " context contains build output " + entry);
            assertFalse(entry.contains("node_modules/"), dockerfile + " context contains " + entry);
            assertFalse(entry.contains("/recipe/"), dockerfile + " context contains the training recipe " + entry);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.gpu", "Dockerfile.cpu"})
    void contextHasBundledModel(String dockerfile) throws IOException {
        Set<String> entries = contextEntries(dockerfile);

        assertTrue(entries.contains("models/demo-en/model.onnx"), dockerfile + " context lacks the model");
        assertTrue(entries.contains("models/demo-en/tokens.txt"), dockerfile + " context lacks the tokens");
    }

    /** Returns the archive's entry names, built once per Dockerfile because archiving the model takes seconds. */
    private static Set<String> contextEntries(String dockerfile) throws IOException {
        Set<String> cached = CONTEXTS.get(dockerfile);
        if (cached == null) {
            cached = archiveEntries(dockerfile);
            CONTEXTS.put(dockerfile, cached);
        }
        return cached;
    }

    private static Set<String> archiveEntries(String dockerfile) throws IOException {
        Dockerfile parsed = new Dockerfile(ROOT.resolve(dockerfile).toFile(), ROOT.toFile());
        Set<String> entries = new HashSet<>();
        try (InputStream tar = parsed.parse().buildDockerFolderTar();
             TarArchiveInputStream archive = new TarArchiveInputStream(new GZIPInputStream(tar))) {
            for (TarArchiveEntry entry = archive.getNextEntry(); entry != null; entry = archive.getNextEntry()) {
                entries.add(entry.getName());
            }
        }
        return Set.copyOf(entries);
    }
}
