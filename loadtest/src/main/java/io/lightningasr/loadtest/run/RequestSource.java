package io.lightningasr.loadtest.run;

import io.lightningasr.loadtest.http.Endpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The requests of a run, handed out round-robin: audio files as raw bodies or multipart uploads, audio URLs as
 * {@code {"url": ...}} bodies, or one plain request (such as {@code GET /health}).
 */
public final class RequestSource {

    private static final Map<String, String> AUDIO_TYPES = Map.of("wav", "audio/wav", "mp3", "audio/mpeg",
            "flac", "audio/flac", "ogg", "audio/ogg", "opus", "audio/ogg", "m4a", "audio/mp4", "mp4", "audio/mp4",
            "webm", "audio/webm", "aac", "audio/aac");

    private final List<PreparedRequest> requests;
    private final AtomicLong next = new AtomicLong();
    private final boolean transcription;

    private RequestSource(List<PreparedRequest> requests, boolean transcription) {
        this.requests = List.copyOf(requests);
        this.transcription = transcription;
    }

    /**
     * Encodes one request per audio file.
     *
     * @param headers   extra header lines {@code Name: value}, including authorization
     * @param multipart send {@code multipart/form-data} with the field {@code audio} instead of a raw body
     */
    public static RequestSource audioFiles(Endpoint endpoint, List<Path> files, List<String> headers,
                                           boolean multipart) throws IOException {
        List<PreparedRequest> requests = new ArrayList<>();
        for (Path file : files) {
            byte[] audio = Files.readAllBytes(file);
            String name = file.getFileName().toString();
            String type = AUDIO_TYPES.getOrDefault(extension(name), "application/octet-stream");
            byte[] body;
            String contentType;
            if (multipart) {
                String boundary = "loadtest-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
                body = multipartBody(boundary, name, type, audio);
                contentType = "multipart/form-data; boundary=" + boundary;
            } else {
                body = audio;
                contentType = type;
            }
            requests.add(new PreparedRequest(head("POST", endpoint, headers, contentType, body.length), body,
                    WavDuration.seconds(audio), name));
        }
        return new RequestSource(requests, true);
    }

    /** Encodes one {@code {"url": ...}} request per audio URL. */
    public static RequestSource audioUrls(Endpoint endpoint, List<String> urls, List<String> headers) {
        List<PreparedRequest> requests = new ArrayList<>();
        for (String url : urls) {
            byte[] body = ("{\"url\":\"" + jsonEscape(url) + "\"}").getBytes(StandardCharsets.UTF_8);
            requests.add(new PreparedRequest(head("POST", endpoint, headers, "application/json", body.length), body,
                    0, url));
        }
        return new RequestSource(requests, true);
    }

    /** Encodes one plain request, such as {@code GET /health}, with an optional body. */
    public static RequestSource plain(Endpoint endpoint, String method, List<String> headers, byte[] body,
                                      String contentType) {
        String type = body.length > 0 ? contentType : null;
        PreparedRequest request = new PreparedRequest(head(method, endpoint, headers, type, body.length), body, 0,
                method + " " + endpoint.requestTarget());
        return new RequestSource(List.of(request), false);
    }

    /** Returns the next request, round-robin; safe for concurrent callers. */
    public PreparedRequest next() {
        return requests.get((int) Math.floorMod(next.getAndIncrement(), (long) requests.size()));
    }

    /** Returns whether responses are transcriptions whose {@code duration} field is worth reading. */
    public boolean transcription() {
        return transcription;
    }

    /** Returns the number of distinct requests. */
    public int size() {
        return requests.size();
    }

    private static byte[] head(String method, Endpoint endpoint, List<String> headers, String contentType,
                               int contentLength) {
        StringBuilder head = new StringBuilder(256);
        head.append(method).append(' ').append(endpoint.requestTarget()).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(endpoint.hostHeader()).append("\r\n");
        head.append("User-Agent: lightning-asr-loadtest/0.1\r\n");
        head.append("Accept: */*\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (contentLength > 0 || !method.equals("GET") && !method.equals("HEAD")) {
            head.append("Content-Length: ").append(contentLength).append("\r\n");
        }
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] multipartBody(String boundary, String fileName, String type, byte[] audio) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(audio.length + 512);
        String start = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"audio\"; filename=\""
                + fileName.replace("\"", "") + "\"\r\nContent-Type: " + type + "\r\n\r\n";
        body.writeBytes(start.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(audio);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String jsonEscape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
