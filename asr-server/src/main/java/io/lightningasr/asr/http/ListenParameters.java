package io.lightningasr.asr.http;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Parameters of {@code /v1/listen}.
 *
 * @param language the language of the model ({@code en}); a request may name it as a BCP 47 tag whose
 *     primary subtag is the model's ({@code en}, {@code EN}, {@code en-US}, {@code en_GB})
 * @param timestamps whether the response lists words with their times
 * @param punctuate whether the client asked for punctuation; the model does not punctuate, so this only
 *     shows in the response metadata
 */
record ListenParameters(String language, boolean timestamps, boolean punctuate) {

    /**
     * Reads the parameters from {@code lookup} (form fields first, then the query string).
     *
     * @param modelLanguage the language the model transcribes, as a lower-case primary subtag
     * @throws ApiException INVALID_PARAMETER for another language or a boolean other than
     *     {@code true|false|1|0}
     */
    static ListenParameters parse(Function<String, Optional<String>> lookup, String modelLanguage)
            throws ApiException {
        Optional<String> language = lookup.apply("language");
        if (language.isPresent() && !matchesLanguage(language.get(), modelLanguage)) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "unsupported language '" + language.get()
                    + "': this model transcribes '" + modelLanguage + "' only");
        }
        return new ListenParameters(modelLanguage,
                bool("timestamps", lookup.apply("timestamps")),
                bool("punctuate", lookup.apply("punctuate")));
    }

    private static boolean matchesLanguage(String requested, String modelLanguage) {
        String primary = requested.trim().split("[-_]", 2)[0];
        return primary.equalsIgnoreCase(modelLanguage);
    }

    private static boolean bool(String name, Optional<String> value) throws ApiException {
        if (value.isEmpty()) {
            return false;
        }
        return switch (value.get().trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new ApiException(ErrorCode.INVALID_PARAMETER,
                    "invalid " + name + " '" + value.get() + "': expected true or false");
        };
    }
}
