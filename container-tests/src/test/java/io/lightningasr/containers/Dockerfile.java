package io.lightningasr.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile parsed into instructions, enough to check what it copies, exposes and sets. Handles line
 * continuations, comments, JSON-array arguments and {@code --flag=value} options; it does not expand
 * variables or heredocs.
 *
 * @param path the file that was parsed
 * @param instructions the instructions in file order
 */
record Dockerfile(Path path, List<Instruction> instructions) {

    private static final Pattern FLAG = Pattern.compile("--([a-z-]+)=(\\S+)");

    /**
     * One instruction.
     *
     * @param keyword the instruction in upper case, for example {@code COPY}
     * @param flags options such as {@code from} of {@code COPY --from=build}
     * @param arguments the arguments after the options; a JSON array is split into its strings
     * @param raw the argument text as written, continuations joined
     * @param stage index of the build stage, 0 for the first {@code FROM}, -1 before it
     * @param line the 1-based line the instruction starts on
     */
    record Instruction(String keyword, Map<String, String> flags, List<String> arguments, String raw, int stage,
                       int line) {
    }

    /**
     * One build stage.
     *
     * @param index position among the stages, from 0
     * @param name the {@code AS} name, or empty
     * @param baseImage the image after {@code FROM}, variables not expanded
     */
    record Stage(int index, Optional<String> name, String baseImage) {
    }

    static Dockerfile parse(Path path) throws IOException {
        List<String> lines = Files.readAllLines(path);
        List<Instruction> instructions = new ArrayList<>();
        int stage = -1;
        StringBuilder pending = new StringBuilder();
        int startLine = 0;

        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.isEmpty())) {
                continue;
            }
            if (pending.isEmpty()) {
                startLine = i + 1;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            String text = pending.toString().strip();
            pending.setLength(0);
            if (text.isEmpty()) {
                continue;
            }

            String[] parts = text.split("\\s+", 2);
            String keyword = parts[0].toUpperCase(Locale.ROOT);
            String rest = parts.length > 1 ? parts[1] : "";
            if (keyword.equals("FROM")) {
                stage++;
            }
            instructions.add(toInstruction(keyword, rest, stage, startLine));
        }
        return new Dockerfile(path, List.copyOf(instructions));
    }

    private static Instruction toInstruction(String keyword, String rest, int stage, int line) {
        Map<String, String> flags = new LinkedHashMap<>();
        String remaining = rest;
        Matcher flag = FLAG.matcher(remaining);
        while (flag.lookingAt()) {
            flags.put(flag.group(1), flag.group(2));
            remaining = remaining.substring(flag.end()).stripLeading();
            flag = FLAG.matcher(remaining);
        }
        return new Instruction(keyword, Map.copyOf(flags), splitArguments(remaining), rest, stage, line);
    }

    private static List<String> splitArguments(String text) {
        if (text.startsWith("[") && text.endsWith("]")) {
            List<String> values = new ArrayList<>();
            Matcher quoted = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(text);
            while (quoted.find()) {
                values.add(quoted.group(1).replace("\\\"", "\""));
            }
            return List.copyOf(values);
        }
        return text.isBlank() ? List.of() : Arrays.asList(text.split("\\s+"));
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    List<Stage> stages() {
        List<Stage> stages = new ArrayList<>();
        for (Instruction from : all("FROM")) {
            List<String> args = from.arguments();
            Optional<String> name = args.size() >= 3 && args.get(1).equalsIgnoreCase("AS")
                    ? Optional.of(args.get(2))
                    : Optional.empty();
            stages.add(new Stage(stages.size(), name, args.getFirst()));
        }
        return stages;
    }

    Stage stage(String name) {
        return stages().stream()
                .filter(s -> s.name().equals(Optional.of(name)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(path + " has no stage named " + name));
    }

    Stage finalStage() {
        return stages().getLast();
    }

    List<Instruction> inStage(Stage stage, String keyword) {
        return all(keyword).stream().filter(i -> i.stage() == stage.index()).toList();
    }

    /** Returns the default value of each {@code ARG} declared before the first {@code FROM}. */
    Map<String, String> globalArgDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (Instruction arg : all("ARG")) {
            if (arg.stage() >= 0) {
                continue;
            }
            String declaration = arg.arguments().getFirst();
            int equals = declaration.indexOf('=');
            if (equals > 0) {
                defaults.put(declaration.substring(0, equals), declaration.substring(equals + 1));
            }
        }
        return defaults;
    }

    /**
     * Returns the environment of the final stage: {@code ENV} keys to values, quotes removed. Only the
     * {@code KEY=value} form is supported.
     */
    Map<String, String> finalEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        Matcher pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)").matcher("");
        for (Instruction instruction : inStage(finalStage(), "ENV")) {
            pair.reset(instruction.raw());
            while (pair.find()) {
                String value = pair.group(2);
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                env.put(pair.group(1), value);
            }
        }
        return env;
    }
}
