package io.lightningasr.charttests;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The chart under test, rendered and linted with real Helm through helm-java (Helm 3.16 compiled
 * into a native library, no helm binary needed).
 *
 * <p>Helm refuses to render a chart whose Chart.yaml lists dependencies that are missing under
 * charts/, even when their conditions are false ("found in Chart.yaml, but missing in charts/
 * directory"), and fetching them needs the network. Tests therefore work on a copy of the chart
 * whose charts/ folder contains an empty placeholder chart per dependency. Both are disabled in
 * every scenario, so the placeholders render nothing.
 */
final class Chart {

    static final String RELEASE = "lightning-asr";
    static final String NAMESPACE = "asr";

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static Path copy;

    private Chart() {
    }

    /** Returns the chart as committed (../chart), which tests only read. */
    static Path sourceDir() {
        return Path.of(System.getProperty("chart.dir", "../chart")).toAbsolutePath().normalize();
    }

    /** Returns a copy of the chart with placeholder dependencies under charts/, created once per JVM. */
    static synchronized Path renderableDir() {
        if (copy == null) {
            try {
                Path dir = Files.createTempDirectory("lightning-asr-chart-");
                copyTree(sourceDir(), dir);
                JsonNode chartYaml = YAML.readTree(dir.resolve("Chart.yaml").toFile());
                for (JsonNode dependency : chartYaml.path("dependencies")) {
                    String name = dependency.get("name").asText();
                    Path sub = Files.createDirectories(dir.resolve("charts").resolve(name));
                    Files.writeString(sub.resolve("Chart.yaml"), """
                            apiVersion: v2
                            name: %s
                            version: 0.0.1
                            description: Empty placeholder for a dependency that is not downloaded.
                            """.formatted(name));
                }
                copy = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return copy;
    }

    /** Path of a scenario values file under chart/ci/. */
    static Path ciValues(String name) {
        Path file = sourceDir().resolve("ci").resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no scenario values file " + file);
        }
        return file;
    }

    /** Renders the chart with the given values files applied in order, then {@code sets} (key, value pairs). */
    static Rendered render(List<Path> valuesFiles, Map<String, Object> sets) {
        return new Rendered(renderRaw(valuesFiles, sets));
    }

    static Rendered render(String... ciFiles) {
        List<Path> files = new ArrayList<>();
        for (String f : ciFiles) {
            files.add(ciValues(f));
        }
        return render(files, Map.of());
    }

    /** Annotation that replaces helm.sh/hook in {@link #renderTestHooks()}. */
    static final String RENAMED_HOOK_ANNOTATION = "chart-tests.lightning-asr/hook";

    /**
     * Renders the chart's `helm test` hooks. helm-java's template command leaves hooks out of its
     * output, so this renders a copy whose hook annotation is renamed to {@link #RENAMED_HOOK_ANNOTATION}.
     */
    static Rendered renderTestHooks(Path... valuesFiles) {
        try {
            Path dir = Files.createTempDirectory("lightning-asr-chart-hooks-");
            copyTree(renderableDir(), dir);
            try (var files = Files.walk(dir.resolve("templates/tests"))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.writeString(f, Files.readString(f).replace("helm.sh/hook:", RENAMED_HOOK_ANNOTATION + ":"));
                }
            }
            TemplateCommand command = new Helm(dir).template().withName(RELEASE).withNamespace(NAMESPACE);
            for (Path f : valuesFiles) {
                command = command.withValuesFile(f);
            }
            return new Rendered(command.call());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Renders the chart with the given scenario files under ci/ followed by inline YAML values. */
    static Rendered renderYaml(String yaml, String... ciFiles) {
        List<Path> files = new ArrayList<>();
        for (String f : ciFiles) {
            files.add(ciValues(f));
        }
        files.add(valuesFile(yaml));
        return render(files, Map.of());
    }

    /** Writes inline YAML values to a temporary file for {@code --values}. */
    static Path valuesFile(String yaml) {
        try {
            Path file = Files.createTempFile("values-", ".yaml");
            file.toFile().deleteOnExit();
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String renderRaw(List<Path> valuesFiles, Map<String, Object> sets) {
        TemplateCommand command = new Helm(renderableDir()).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE);
        for (Path f : valuesFiles) {
            command = command.withValuesFile(f);
        }
        for (Map.Entry<String, Object> e : sets.entrySet()) {
            command = command.set(e.getKey(), e.getValue());
        }
        return command.call();
    }

    static LintResult lint(Path dir) {
        return new Helm(dir).lint().call();
    }

    /** Splits a multi-document manifest into its non-empty documents. */
    static List<ObjectNode> documents(String manifest) {
        List<ObjectNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(manifest)) {
            for (JsonNode node : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (node instanceof ObjectNode object && !object.isEmpty()) {
                    docs.add(object);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rendered manifest is not valid YAML", e);
        }
        return docs;
    }

    static Map<String, Object> toMap(JsonNode node) {
        return YAML.convertValue(node, new TypeReference<>() { });
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
