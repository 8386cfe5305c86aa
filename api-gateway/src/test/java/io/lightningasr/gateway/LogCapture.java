package io.lightningasr.gateway;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Collects every JUL record (System.Logger and Helidon log there) at every level while installed. */
final class LogCapture extends Handler implements AutoCloseable {
    private final StringBuffer text = new StringBuffer();
    private final Logger root = Logger.getLogger("");
    private final Level previousLevel = root.getLevel();

    LogCapture() {
        setLevel(Level.ALL);
        root.setLevel(Level.ALL);
        root.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        text.append(new SimpleFormatter().format(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            text.append(trace);
        }
    }

    String text() {
        return text.toString();
    }

    /** Fails when the captured output is empty or contains the secret. */
    void assertNotContains(String secret) {
        String captured = text();
        org.junit.jupiter.api.Assertions.assertFalse(captured.isEmpty(), "no log output was captured");
        org.junit.jupiter.api.Assertions.assertFalse(captured.contains(secret), "a license key appeared in the log");
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
        root.setLevel(previousLevel);
    }
}
