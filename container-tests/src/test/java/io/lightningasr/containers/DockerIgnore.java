package io.lightningasr.containers;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * The exclusion patterns of a {@code .dockerignore} file. Supports {@code *}, {@code ?} and {@code **} the way
 * Docker matches them against paths relative to the build context, where an excluded directory excludes
 * everything below it. Exception patterns ({@code !pattern}) are not supported and rejected.
 */
final class DockerIgnore {

    private final List<PathMatcher> matchers;
    private final List<String> patterns;

    private DockerIgnore(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        this.matchers = new ArrayList<>();
        for (String pattern : patterns) {
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
            // Docker's "**/" also matches zero directories, Java's glob needs at least one.
            if (pattern.startsWith("**/")) {
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3)));
            }
        }
    }

    static DockerIgnore read(Path file) throws IOException {
        List<String> patterns = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String pattern = line.strip();
            if (pattern.isEmpty() || pattern.startsWith("#")) {
                continue;
            }
            if (pattern.startsWith("!")) {
                throw new IllegalArgumentException(file + ": exception patterns are not supported: " + pattern);
            }
            patterns.add(pattern.replaceFirst("^/+", "").replaceFirst("/+$", ""));
        }
        return new DockerIgnore(patterns);
    }

    List<String> patterns() {
        return patterns;
    }

    /**
     * Returns whether the build context leaves out a path.
     *
     * @param relative a path relative to the build context, with '/' separators
     */
    boolean excludes(String relative) {
        Path path = Path.of(relative.replaceFirst("^\\./", "").replaceFirst("/+$", ""));
        for (Path prefix = path; prefix != null; prefix = prefix.getParent()) {
            for (PathMatcher matcher : matchers) {
                if (matcher.matches(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }
}
