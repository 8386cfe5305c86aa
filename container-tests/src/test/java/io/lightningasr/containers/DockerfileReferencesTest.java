package io.lightningasr.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.lightningasr.containers.Dockerfile.Instruction;
import io.lightningasr.containers.Dockerfile.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Checks the Dockerfiles against the repository without a Docker engine. Every build-context path they
 * copy must exist and be sent to the engine, and every file copied from the Maven stage must be one that
 * the stage's Maven command produces. Ports, users, labels and settings must match the module contracts.
 */
class DockerfileReferencesTest {

    private static final Path ROOT = Repo.root();
    private static final Pattern BUILD_OUTPUT = Pattern.compile("([A-Za-z0-9._-]+)/target/(.+)");

    /** The images and what the module contracts fix for each. */
    enum Image {
        GPU("Dockerfile.gpu", "asr-server", "io.lightningasr.asr.Main", Set.of(2269, 9090)),
        CPU("Dockerfile.cpu", "asr-server", "io.lightningasr.asr.Main", Set.of(2269, 9090)),
        GATEWAY("Dockerfile.gateway", "api-gateway", "io.lightningasr.gateway.Main", Set.of(7100));

        final String file;
        final String module;
        final String mainClass;
        final Set<Integer> ports;

        Image(String file, String module, String mainClass, Set<Integer> ports) {
            this.file = file;
            this.module = module;
            this.mainClass = mainClass;
            this.ports = ports;
        }

        Dockerfile parse() throws IOException {
            return Dockerfile.parse(ROOT.resolve(file));
        }
    }

    @ParameterizedTest
    @EnumSource(Image.class)
    void contextSourcesExistAndAreSent(Image image) throws IOException {
        Dockerfile dockerfile = image.parse();
        DockerIgnore ignore = DockerIgnore.read(ROOT.resolve(".dockerignore"));

        List<Instruction> copies = contextCopies(dockerfile);
        assertFalse(copies.isEmpty(), image.file + " copies nothing from the build context");
        for (Instruction copy : copies) {
            for (String source : sources(copy)) {
                String where = image.file + ":" + copy.line() + " " + source;
                assertFalse(source.startsWith("/"), where + ": a context path must be relative");
                assertTrue(existsInRepository(source), where + ": not found under " + ROOT);
                if (!source.equals(".")) {
                    assertFalse(ignore.excludes(source), where + ": left out of the build context by .dockerignore");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Image.class)
    void stageCopiesAreMavenOutputs(Image image) throws IOException {
        Dockerfile dockerfile = image.parse();
        Stage build = dockerfile.stage("build");
        String workdir = dockerfile.inStage(build, "WORKDIR").getLast().arguments().getFirst();
        String mavenCommand = dockerfile.inStage(build, "RUN").stream()
                .map(Instruction::raw)
                .filter(run -> run.contains("./mvnw"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(image.file + ": the build stage runs no ./mvnw"));

        List<Instruction> fromBuild = dockerfile.all("COPY").stream()
                .filter(copy -> "build".equals(copy.flags().get("from")))
                .toList();
        assertFalse(fromBuild.isEmpty(), image.file + " copies nothing from the build stage");

        for (Instruction copy : fromBuild) {
            for (String source : sources(copy)) {
                String where = image.file + ":" + copy.line() + " " + source;
                assertTrue(source.startsWith(workdir + "/"), where + ": expected a path under WORKDIR " + workdir);
                Matcher output = BUILD_OUTPUT.matcher(source.substring(workdir.length() + 1));
                assertTrue(output.matches(), where + ": expected <module>/target/<file>");
                assertEquals(image.module, output.group(1), where + ": copies another module's output");
                checkBuildOutput(where, output.group(1), output.group(2), mavenCommand);
            }
        }
    }

    private static void checkBuildOutput(String where, String module, String file, String mavenCommand)
            throws IOException {
        Path pom = ROOT.resolve(module).resolve("pom.xml");
        assertTrue(Files.isRegularFile(pom), where + ": module " + module + " has no pom.xml");
        assertTrue(mavenCommand.contains("-pl " + module), where + ": the Maven command does not build " + module);

        if (file.endsWith(".jar")) {
            // The jar is target/<finalName>.jar, and Helidon's application parent sets finalName to the artifactId.
            assertEquals(Optional.of("${project.artifactId}"), Repo.finalName(pom),
                    where + ": finalName of " + module + " is not the artifactId");
            assertEquals(Repo.artifactId(pom) + ".jar", file, where + ": jar name differs from the artifactId");
            assertTrue(mavenCommand.contains(" package"), where + ": the Maven command does not run package");
        } else if (file.equals("dependency") || file.equals("dependency/")) {
            assertTrue(mavenCommand.contains("dependency:copy-dependencies"),
                    where + ": target/dependency is written only by dependency:copy-dependencies");
            assertTrue(mavenCommand.contains("-DincludeScope=runtime"),
                    where + ": the class path must leave out test dependencies");
        } else {
            fail(where + ": not an output of the Maven command in the build stage");
        }
    }

    @ParameterizedTest
    @EnumSource(Image.class)
    void exposedPortsMatchContract(Image image) throws IOException {
        Dockerfile dockerfile = image.parse();
        Set<Integer> exposed = dockerfile.inStage(dockerfile.finalStage(), "EXPOSE").stream()
                .flatMap(expose -> expose.arguments().stream())
                .map(port -> Integer.parseInt(port.replaceFirst("/tcp$", "")))
                .collect(Collectors.toSet());

        assertEquals(image.ports, exposed, image.file + ": EXPOSE");
    }

    @ParameterizedTest
    @EnumSource(Image.class)
    void runsAsNumericNonRootUser(Image image) throws IOException {
        Dockerfile dockerfile = image.parse();
        List<Instruction> users = dockerfile.inStage(dockerfile.finalStage(), "USER");
        assertFalse(users.isEmpty(), image.file + ": the final stage sets no USER, so it runs as root");

        String user = users.getLast().arguments().getFirst();
        String uid = user.split(":")[0];
        assertTrue(uid.matches("\\d+"), image.file + ": USER " + user + " is not numeric, runAsNonRoot cannot check it");
        assertNotEquals("0", uid, image.file + ": USER is root");
    }

    @ParameterizedTest
    @EnumSource(Image.class)
    void labelsFollowOciAnnotations(Image image) throws IOException {
        Dockerfile dockerfile = image.parse();
        String labels = dockerfile.inStage(dockerfile.finalStage(), "LABEL").stream()
                .map(Instruction::raw)
                .collect(Collectors.joining(" "));

        for (String key : List.of("title", "description", "version", "revision")) {
            assertTrue(labels.contains("org.opencontainers.image." + key + "="),
                    image.file + ": missing label org.opencontainers.image." + key);
        }
    }

    @ParameterizedTest
    @EnumSource(Image.class)
    void entrypointStartsContractMainClass(Image image) throws IOException {
        Dockerfile dockerfile = image.parse();
        String entrypoint = dockerfile.inStage(dockerfile.finalStage(), "ENTRYPOINT").getLast().raw();
        Map<String, String> env = dockerfile.finalEnvironment();

        assertTrue(entrypoint.contains("exec java $JAVA_OPTS"),
                image.file + ": the JVM must replace the shell (PID 1 receives SIGTERM) and read JAVA_OPTS");
        assertTrue(entrypoint.contains(" " + image.mainClass), image.file + ": ENTRYPOINT does not start " + image.mainClass);
        Path source = ROOT.resolve(image.module).resolve("src/main/java")
                .resolve(image.mainClass.replace('.', '/') + ".java");
        assertTrue(Files.isRegularFile(source), image.file + ": main class source not found: " + source);

        String javaOptions = env.getOrDefault("JAVA_OPTS", "");
        assertTrue(javaOptions.matches(".*-XX:MaxRAMPercentage=\\d+.*"), image.file + ": JAVA_OPTS sets no MaxRAMPercentage");
        assertTrue(javaOptions.contains("-XX:+ExitOnOutOfMemoryError"),
                image.file + ": JAVA_OPTS must exit on OutOfMemoryError so the kubelet restarts the pod");
    }

    @Test
    void gpuImageBuildsGpuProfileAndRequiresCuda() throws IOException {
        Dockerfile dockerfile = Image.GPU.parse();
        String build = buildCommands(dockerfile);

        assertTrue(build.contains("-Pgpu"), "Dockerfile.gpu must build with the gpu Maven profile");
        assertTrue(build.contains("docker/check-classpath.sh gpu"), "Dockerfile.gpu must check the class path");
        assertEquals("gpu", dockerfile.finalEnvironment().get("ASR_DEVICE"), "a missing GPU must fail start-up");

        String runtime = dockerfile.globalArgDefaults().get(dockerfile.finalStage().baseImage().replaceAll("[${}]", ""));
        assertNotNull(runtime, "Dockerfile.gpu has no default for the runtime base image argument");
        assertTrue(runtime.startsWith("nvidia/cuda:12."), "runtime base is not a CUDA 12 image: " + runtime);
        assertTrue(runtime.contains("-cudnn-runtime-"), "runtime base has no cuDNN: " + runtime);
    }

    @Test
    void cpuImagesBuildDefaultProfile() throws IOException {
        Dockerfile cpu = Image.CPU.parse();

        assertFalse(buildCommands(cpu).contains("-P"), "Dockerfile.cpu must build the default profile");
        assertTrue(buildCommands(cpu).contains("docker/check-classpath.sh cpu"), "Dockerfile.cpu must check the class path");
        assertEquals("cpu", cpu.finalEnvironment().get("ASR_DEVICE"));
        assertFalse(buildCommands(Image.GATEWAY.parse()).contains("-P"), "Dockerfile.gateway must build the default profile");
        assertTrue(Files.isExecutable(ROOT.resolve("docker/check-classpath.sh")), "docker/check-classpath.sh is not executable");
    }

    @ParameterizedTest
    @EnumSource(value = Image.class, names = {"GPU", "CPU"})
    void modelDirectoryPointsAtCopiedModel(Image image) throws IOException {
        Dockerfile dockerfile = image.parse();
        Instruction modelCopy = contextCopies(dockerfile).stream()
                .filter(copy -> sources(copy).contains("models/demo-en/model.onnx"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(image.file + " does not copy models/demo-en/model.onnx"));

        assertTrue(sources(modelCopy).contains("models/demo-en/tokens.txt"), image.file + ": tokens.txt is not copied");
        String destination = modelCopy.arguments().getLast().replaceFirst("/+$", "");
        assertEquals(destination, dockerfile.finalEnvironment().get("ASR_MODEL_DIR"), image.file + ": ASR_MODEL_DIR");
    }

    @Test
    void dockerignoreKeepsBuildInputsAndDropsOutputs() throws IOException {
        DockerIgnore ignore = DockerIgnore.read(ROOT.resolve(".dockerignore"));
        Set<String> includedPaths = new HashSet<>(List.of("mvnw", ".mvn/wrapper/maven-wrapper.properties", "pom.xml",
                "docker/check-classpath.sh", "models/demo-en/model.onnx", "models/demo-en/tokens.txt",
                "asr-server/src/main/java/io/lightningasr/asr/Main.java"));
        // Maven reads every module's POM even when -pl selects one.
        for (String module : rootModules()) {
            includedPaths.add(module + "/pom.xml");
        }

        for (String path : includedPaths) {
            assertFalse(ignore.excludes(path), ".dockerignore leaves out " + path);
        }
        for (String path : List.of(".git/HEAD", "asr-server/target/asr-server.jar", "api-gateway/target/classes",
                "models/demo-en/recipe/work/checkpoint.pt", "models/demo-en/recipe/node_modules/x/index.js")) {
            assertTrue(ignore.excludes(path), ".dockerignore sends " + path + " to the Docker engine");
        }
    }

    private static List<Instruction> contextCopies(Dockerfile dockerfile) {
        return Stream.concat(dockerfile.all("COPY").stream(), dockerfile.all("ADD").stream())
                .filter(copy -> !copy.flags().containsKey("from"))
                .toList();
    }

    private static List<String> sources(Instruction copy) {
        List<String> arguments = copy.arguments();
        return arguments.subList(0, arguments.size() - 1);
    }

    private static String buildCommands(Dockerfile dockerfile) {
        return dockerfile.inStage(dockerfile.stage("build"), "RUN").stream()
                .map(Instruction::raw)
                .collect(Collectors.joining("\n"));
    }

    private static boolean existsInRepository(String source) throws IOException {
        if (!source.contains("*") && !source.contains("?")) {
            return Files.exists(ROOT.resolve(source));
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + source);
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.anyMatch(path -> matcher.matches(ROOT.relativize(path)));
        }
    }

    private static List<String> rootModules() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
        List<String> modules = new java.util.ArrayList<>();
        while (module.find()) {
            modules.add(module.group(1).strip());
        }
        assertFalse(modules.isEmpty(), "the root POM lists no modules");
        return modules;
    }
}
