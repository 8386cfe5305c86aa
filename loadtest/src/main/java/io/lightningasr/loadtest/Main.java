package io.lightningasr.loadtest;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code java -jar loadtest.jar}: the {@code run}, {@code report} and {@code simulate} commands.
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true, version = "loadtest 0.1.0",
        description = "Load generator, chart renderer and HPA simulator for Lightning ASR.",
        subcommands = {RunCommand.class, ReportCommand.class, SimulateCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Returns the configured command line; tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main())
                .registerConverter(java.time.Duration.class, new DurationConverter())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
                    // Invalid input and I/O failures get one line; anything else keeps its stack trace.
                    if (exception instanceof IllegalArgumentException || exception instanceof java.io.IOException) {
                        commandLine.getErr().println("error: " + exception.getMessage());
                        return 2;
                    }
                    throw exception;
                });
    }
}
