package io.lightningasr.loadtest;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process and keeps its exit code, stdout and stderr. */
public record CliRun(int exitCode, String stdout, String stderr) {

    /** Runs {@code loadtest} with the arguments. */
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Returns the number after a summary label such as {@code requests}. */
    public double summaryValue(String label) {
        for (String line : stdout.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith(label + " ")) {
                return Double.parseDouble(trimmed.substring(label.length()).strip().split("\\s+")[0]);
            }
        }
        throw new AssertionError("no '" + label + "' in the summary:\n" + stdout + "\nstderr:\n" + stderr);
    }
}
