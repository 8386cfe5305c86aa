package io.lightningasr.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/** Writes {@link ApiException}s as JSON error bodies with their status and {@code Retry-After} header. */
final class ErrorResponses {
    private final ObjectMapper json;

    ErrorResponses(ObjectMapper json) {
        this.json = json;
    }

    void send(ServerResponse response, String requestId, ApiException error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error.getMessage());
        body.put("code", error.code());
        body.putAll(error.extra());
        body.put("request_id", requestId);
        response.status(error.status());
        response.header("Content-Type", "application/json");
        error.retryAfterSeconds().ifPresent(seconds -> response.header("Retry-After", Integer.toString(seconds)));
        try {
            response.send(json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error body of strings and numbers is always serializable", e);
        }
    }
}
