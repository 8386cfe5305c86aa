package io.lightningasr.asr.config;

/** Signals an invalid setting; the message names the key, the expected value and the given value. */
public final class ConfigException extends IllegalArgumentException {

    private final String key;

    public ConfigException(String key, String expected, String given) {
        super(message(key, expected, given));
        this.key = key;
    }

    public ConfigException(String key, String expected, String given, Throwable cause) {
        super(message(key, expected, given), cause);
        this.key = key;
    }

    /** Returns the environment variable that contains the invalid value. */
    public String key() {
        return key;
    }

    private static String message(String key, String expected, String given) {
        return "invalid " + key + ": expected " + expected + ", got '" + given + "'";
    }
}
