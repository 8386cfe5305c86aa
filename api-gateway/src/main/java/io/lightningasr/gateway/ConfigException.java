package io.lightningasr.gateway;

/** Invalid gateway configuration; the message names the key, the expected and the given value. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String key, String expected, String given) {
        super(key + ": expected " + expected + ", given " + (given == null ? "nothing" : "'" + given + "'"));
    }

    public ConfigException(String message) {
        super(message);
    }
}
