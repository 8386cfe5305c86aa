package io.lightningasr.loadtest.http;

import java.net.URI;
import java.util.Locale;

/**
 * The target of requests: scheme, host, port and the request target (path and query).
 *
 * @param tls           whether to use TLS (https)
 * @param host          host name or address
 * @param port          TCP port
 * @param requestTarget path and query as sent in the request line
 * @param hostHeader    value of the {@code Host} header
 */
public record Endpoint(boolean tls, String host, int port, String requestTarget, String hostHeader) {

    /** Parses an http or https URL; throws {@link IllegalArgumentException} naming the URL when invalid. */
    public static Endpoint parse(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid URL '" + url + "': " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("invalid URL '" + url + "': expected http:// or https://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("invalid URL '" + url + "': the host is missing");
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : (tls ? 443 : 80);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        String hostHeader = uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
        return new Endpoint(tls, uri.getHost(), port, target, hostHeader);
    }
}
