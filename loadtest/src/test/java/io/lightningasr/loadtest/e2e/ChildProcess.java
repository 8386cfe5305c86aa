package io.lightningasr.loadtest.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Java main class started as a child process with the test JVM's class path, whose output lines are kept so
 * a test can wait for its ready line and show the log when it fails.
 */
final class ChildProcess implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final String name;

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread.ofPlatform().daemon().name(name + "-output").start(this::drain);
    }

    /** Starts {@code mainClass} with extra environment variables. */
    static ChildProcess start(String mainClass, Map<String, String> environment) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), mainClass)
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        return new ChildProcess(mainClass.substring(mainClass.lastIndexOf('.', mainClass.lastIndexOf('.') - 1) + 1),
                builder.start());
    }

    private void drain() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("[output closed: " + e.getMessage() + "]");
        }
    }

    /** Waits for an output line matching {@code pattern} and returns its match; fails with the log otherwise. */
    Matcher awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (System.nanoTime() < deadline) {
            while (checked < lines.size()) {
                Matcher matcher = pattern.matcher(lines.get(checked++));
                if (matcher.find()) {
                    return matcher;
                }
            }
            if (!process.isAlive() && checked >= lines.size()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before '" + pattern
                        + "':\n" + log());
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " printed no line matching '" + pattern + "' within " + timeout + ":\n" + log());
    }

    /** Returns the last 60 output lines. */
    String log() {
        List<String> copy = List.copyOf(lines);
        return String.join("\n", copy.subList(Math.max(0, copy.size() - 60), copy.size()));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
