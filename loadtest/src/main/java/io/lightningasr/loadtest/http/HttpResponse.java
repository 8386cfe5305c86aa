package io.lightningasr.loadtest.http;

/**
 * A response as the load generator needs it.
 *
 * @param status HTTP status code
 * @param body   the body when the caller asked to keep it, else empty
 */
public record HttpResponse(int status, byte[] body) {
}
