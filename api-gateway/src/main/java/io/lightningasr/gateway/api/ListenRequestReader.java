package io.lightningasr.gateway.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.lightningasr.gateway.http.BodyBuffer;
import io.lightningasr.gateway.http.BodyLimitException;
import io.lightningasr.gateway.http.BufferBudget;
import io.lightningasr.gateway.http.Multipart;
import io.lightningasr.gateway.net.FetchException;
import io.lightningasr.gateway.net.FetchTarget;
import io.lightningasr.gateway.net.UrlFetcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the three accepted /v1/listen forms into a {@link ListenInput}: a JSON body with {@code url}, a raw
 * audio body with parameters in the query string, and {@code multipart/form-data} with the field {@code audio}.
 * The size limit is enforced while reading.
 */
final class ListenRequestReader {
    private static final int MAX_JSON_BYTES = 64 * 1024;
    private static final int MULTIPART_OVERHEAD_BYTES = 1024 * 1024;
    private static final int MAX_PARAMETER_LENGTH = 256;
    private static final List<String> BOOLEAN_PARAMETERS = List.of("timestamps", "punctuate");

    private final ObjectMapper json;
    private final BufferBudget budget;
    private final long maxBodyBytes;
    private final long maxBodyMb;
    private final int retryAfterSeconds;

    ListenRequestReader(ObjectMapper json, BufferBudget budget, long maxBodyBytes, long maxBodyMb,
                        int retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
        this.json = json;
        this.budget = budget;
        this.maxBodyBytes = maxBodyBytes;
        this.maxBodyMb = maxBodyMb;
    }

    ListenInput read(ServerRequest request) throws ApiException {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String name : request.query().names()) {
            parameters.put(name, request.query().first(name).orElse(""));
        }
        String contentType = request.headers().contentType().map(t -> t.text()).orElse("")
                .toLowerCase(Locale.ROOT);
        Optional<Long> contentLength = request.headers().first(HeaderNames.CONTENT_LENGTH).flatMap(this::parseLength);
        if (contentType.startsWith("application/json")) {
            return readJson(request, parameters);
        }
        if (contentType.startsWith("multipart/form-data")) {
            return readMultipart(request, contentType, contentLength, parameters);
        }
        return readRaw(request, contentLength, parameters);
    }

    private ListenInput readJson(ServerRequest request, Map<String, String> parameters) throws ApiException {
        JsonNode body;
        try (BodyBuffer buffer = new BodyBuffer(new BufferBudget(MAX_JSON_BYTES), MAX_JSON_BYTES)) {
            buffer.readAll(request.content().inputStream());
            body = json.readTree(buffer.array(), 0, buffer.length());
        } catch (JacksonException e) {
            throw ApiException.invalid("the request body is not valid JSON");
        } catch (IOException e) {
            throw ApiException.invalid("the request body could not be read");
        } catch (BodyLimitException e) {
            throw ApiException.invalid("a JSON body may be at most " + MAX_JSON_BYTES / 1024 + " KiB");
        }
        if (body == null || !body.isObject()) {
            throw ApiException.invalid("the JSON body must be an object such as {\"url\": \"https://...\"}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                throw ApiException.invalid("JSON field '" + safeName(field.getKey()) + "' must be a string, number"
                        + " or boolean");
            }
            parameters.put(field.getKey(), field.getValue().asText());
        }
        if (parameters.containsKey("audio")) {
            throw bothUrlAndUpload();
        }
        return urlOrUpload(Optional.empty(), parameters);
    }

    private ListenInput readMultipart(ServerRequest request, String contentType, Optional<Long> contentLength,
                                      Map<String, String> parameters) throws ApiException {
        String boundary = Multipart.boundary(contentType)
                .orElseThrow(() -> ApiException.invalid("multipart/form-data without a valid boundary"));
        if (contentLength.isPresent() && contentLength.get() > maxBodyBytes + MULTIPART_OVERHEAD_BYTES) {
            throw ApiException.tooLarge(maxBodyMb);
        }
        BodyBuffer buffer = new BodyBuffer(budget, maxBodyBytes + MULTIPART_OVERHEAD_BYTES);
        try {
            readInto(request.content().inputStream(), buffer);
            Multipart.Part audio = null;
            for (Multipart.Part part : Multipart.parse(buffer.array(), buffer.length(), boundary)) {
                if (part.name().equals("audio")) {
                    audio = part;
                } else if (part.length() <= MAX_PARAMETER_LENGTH) {
                    parameters.put(part.name(), part.text(buffer.array()));
                } else {
                    throw ApiException.invalid("form field '" + safeName(part.name()) + "' is too long");
                }
            }
            if (audio == null) {
                if (!parameters.containsKey("url")) {
                    throw ApiException.missing("the multipart body has no 'audio' field");
                }
                buffer.close();
                return urlOrUpload(Optional.empty(), parameters);
            }
            if (audio.length() > maxBodyBytes) {
                throw ApiException.tooLarge(maxBodyMb);
            }
            return urlOrUpload(Optional.of(new Upload(buffer, audio.offset(), audio.length())), parameters);
        } catch (IllegalArgumentException e) {
            buffer.close();
            throw ApiException.invalid("invalid multipart body: " + e.getMessage());
        } catch (ApiException | RuntimeException e) {
            buffer.close();
            throw e;
        }
    }

    private ListenInput readRaw(ServerRequest request, Optional<Long> contentLength, Map<String, String> parameters)
            throws ApiException {
        if (contentLength.isPresent() && contentLength.get() > maxBodyBytes) {
            throw ApiException.tooLarge(maxBodyMb);
        }
        BodyBuffer buffer = new BodyBuffer(budget, maxBodyBytes);
        try {
            readInto(request.content().inputStream(), buffer);
            if (buffer.length() == 0) {
                buffer.close();
                return urlOrUpload(Optional.empty(), parameters);
            }
            return urlOrUpload(Optional.of(new Upload(buffer, 0, buffer.length())), parameters);
        } catch (ApiException | RuntimeException e) {
            buffer.close();
            throw e;
        }
    }

    private record Upload(BodyBuffer buffer, int offset, int length) {
    }

    private ListenInput urlOrUpload(Optional<Upload> upload, Map<String, String> parameters) throws ApiException {
        String url = parameters.remove("url");
        if (url != null && upload.isPresent()) {
            throw bothUrlAndUpload();
        }
        Map<String, String> validated = validate(parameters);
        if (upload.isPresent()) {
            Upload u = upload.get();
            return new ListenInput(Optional.empty(), u.buffer(), u.offset(), u.length(), validated);
        }
        if (url == null || url.isBlank()) {
            throw ApiException.missing("send audio as the request body, as multipart field 'audio',"
                    + " or a JSON body {\"url\": \"https://...\"}");
        }
        FetchTarget uri;
        try {
            uri = UrlFetcher.parse(url);
        } catch (FetchException e) {
            throw new ApiException(400, e.code(), e.getMessage());
        }
        return new ListenInput(Optional.of(uri), new BodyBuffer(budget, maxBodyBytes), 0, -1, validated);
    }

    private static Map<String, String> validate(Map<String, String> parameters) throws ApiException {
        Map<String, String> validated = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : parameters.entrySet()) {
            String name = entry.getKey();
            String value = entry.getValue();
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,31}")) {
                throw ApiException.invalid("invalid parameter name '" + safeName(name) + "'");
            }
            if (value.length() > MAX_PARAMETER_LENGTH) {
                throw ApiException.invalid("parameter '" + name + "' is longer than " + MAX_PARAMETER_LENGTH);
            }
            if (BOOLEAN_PARAMETERS.contains(name)) {
                String lower = value.toLowerCase(Locale.ROOT);
                if (!lower.equals("true") && !lower.equals("false")) {
                    throw ApiException.invalid("parameter '" + name + "' must be true or false");
                }
                value = lower;
            }
            validated.put(name, value);
        }
        return validated;
    }

    /**
     * Reads the body. A client that disconnects mid-body surfaces from Helidon as an unchecked exception, which
     * becomes a 400 here (the client no longer reads it) instead of a logged internal error.
     */
    private void readInto(InputStream in, BodyBuffer buffer) throws ApiException {
        try {
            buffer.readAll(in);
        } catch (BodyLimitException e) {
            throw ListenService.limitError(e, maxBodyMb, retryAfterSeconds);
        } catch (IOException | UncheckedIOException | DataReader.InsufficientDataAvailableException e) {
            throw ApiException.invalid("the request body could not be read: " + e.getClass().getSimpleName());
        }
    }

    private static ApiException bothUrlAndUpload() {
        return ApiException.invalid("send either a URL or an audio upload, not both");
    }

    private Optional<Long> parseLength(String value) {
        try {
            return Optional.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String safeName(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9_.-]", "?");
        return cleaned.length() > 32 ? cleaned.substring(0, 32) + "..." : cleaned;
    }
}
