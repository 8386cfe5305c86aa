package io.lightningasr.asr.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListenParametersTest {

    private static ListenParameters parse(Map<String, String> values) throws ApiException {
        return ListenParameters.parse(name -> Optional.ofNullable(values.get(name)), "en");
    }

    @Test
    void absentParametersTakeDefaults() throws ApiException {
        ListenParameters parameters = parse(Map.of());

        assertEquals("en", parameters.language());
        assertFalse(parameters.timestamps());
        assertFalse(parameters.punctuate());
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "EN", "en-US", "en_GB", " en "})
    void englishTagsAreAccepted(String language) throws ApiException {
        assertEquals("en", parse(Map.of("language", language)).language());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "", "eng", "de-DE", "english"})
    void otherLanguagesAreInvalid(String language) {
        ApiException e = assertThrows(ApiException.class, () -> parse(Map.of("language", language)));

        assertEquals(ErrorCode.INVALID_PARAMETER, e.code());
    }

    @Test
    void booleansAcceptTrueFalseOneZero() throws ApiException {
        assertTrue(parse(Map.of("timestamps", "TRUE", "punctuate", "1")).timestamps());
        assertTrue(parse(Map.of("punctuate", "1")).punctuate());
        assertFalse(parse(Map.of("timestamps", "false")).timestamps());
        assertFalse(parse(Map.of("timestamps", "0")).timestamps());
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "", "2", "on"})
    void otherBooleansAreInvalid(String value) {
        ApiException e = assertThrows(ApiException.class, () -> parse(Map.of("timestamps", value)));

        assertEquals(ErrorCode.INVALID_PARAMETER, e.code());
        assertTrue(e.getMessage().contains("timestamps"), e.getMessage());
    }
}
