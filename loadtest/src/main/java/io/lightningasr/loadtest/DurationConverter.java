package io.lightningasr.loadtest;

import picocli.CommandLine;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations such as {@code 500ms}, {@code 1.2s}, {@code 20s}, {@code 5m} or {@code 1h}; a bare number means seconds. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /** Parses one duration; throws {@link CommandLine.TypeConversionException} naming the value when invalid. */
    public static Duration parse(String value) {
        Matcher matcher = FORMAT.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new CommandLine.TypeConversionException(
                    "invalid duration '" + value + "': expected a number with ms, s, m or h, such as 20s or 1.2s");
        }
        double amount = Double.parseDouble(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        double nanos = switch (unit) {
            case "ms" -> amount * 1e6;
            case "m" -> amount * 60e9;
            case "h" -> amount * 3600e9;
            default -> amount * 1e9;
        };
        return Duration.ofNanos(Math.round(nanos));
    }
}
