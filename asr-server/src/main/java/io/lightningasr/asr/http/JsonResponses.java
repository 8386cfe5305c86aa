package io.lightningasr.asr.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes JSON response bodies. */
final class JsonResponses {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonResponses() {
    }

    /**
     * Sends {@code body} as JSON with {@code status}.
     *
     * @return {@code true} when the response was written, {@code false} when the connection was already
     *     closed by the client
     */
    static boolean send(ServerResponse res, int status, Map<String, ?> body) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            // Bodies are maps of strings, numbers, booleans, lists and maps, which always serialise.
            throw new IllegalStateException("JSON serialisation failed", e);
        }
        try {
            res.status(Status.create(status));
            res.header(HeaderValues.CONTENT_TYPE_JSON);
            res.send(bytes);
            return true;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** Returns {@code {"error": message, "code": CODE, ...extra}}. */
    static Map<String, Object> errorBody(ApiException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        body.put("code", e.code().name());
        body.putAll(e.extraFields());
        return body;
    }
}
