package io.lightningasr.gateway.net;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A URL accepted for fetching.
 *
 * @param uri   the URL, for resolving relative redirects
 * @param https true for https, false for http
 * @param host  the host as written, IPv6 literals in brackets
 * @param port  the explicit port or the scheme's default
 * @param path  raw path and query for the request line
 */
public record FetchTarget(URI uri, boolean https, String host, int port, String path) {

    /**
     * Parses an http or https URL.
     *
     * <p>The host is taken from the raw authority because {@link URI#getHost()} is null for numeric forms such as
     * {@code 127.1} that are not valid host names, and those must be judged as addresses, not skipped.
     *
     * @throws FetchException INVALID_URL for other schemes, user info, or an invalid host or port
     */
    static FetchTarget parse(String url) throws FetchException {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw FetchException.invalidUrl("the URL is not valid");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw FetchException.invalidUrl("only http and https URLs are supported");
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw FetchException.invalidUrl("the URL has no host");
        }
        if (authority.contains("@")) {
            throw FetchException.invalidUrl("URLs with user info are not supported");
        }

        boolean https = scheme.equals("https");
        String[] hostAndPort = splitAuthority(authority);
        String host = hostAndPort[0];
        if (host.isEmpty() || !host.matches("[A-Za-z0-9._\\-\\[\\]:]+")) {
            throw FetchException.invalidUrl("the URL has no valid host");
        }
        int port = https ? 443 : 80;
        if (hostAndPort[1] != null && !hostAndPort[1].isEmpty()) {
            port = port(hostAndPort[1]);
        }

        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        return new FetchTarget(uri, https, host, port, path);
    }

    /** Value of the Host header: the host as written, with the port unless it is the scheme's default. */
    String hostHeader() {
        return host + (port == (https ? 443 : 80) ? "" : ":" + port);
    }

    /** Splits {@code host[:port]} or {@code [ipv6][:port]}; the port is null when absent. */
    private static String[] splitAuthority(String authority) throws FetchException {
        if (!authority.startsWith("[")) {
            int colon = authority.lastIndexOf(':');
            return colon < 0
                    ? new String[] {authority, null}
                    : new String[] {authority.substring(0, colon), authority.substring(colon + 1)};
        }
        int close = authority.indexOf(']');
        if (close < 0) {
            throw FetchException.invalidUrl("the URL has an invalid IPv6 host");
        }
        String rest = authority.substring(close + 1);
        if (!rest.isEmpty() && !rest.startsWith(":")) {
            throw FetchException.invalidUrl("the URL has an invalid port");
        }
        return new String[] {authority.substring(0, close + 1), rest.isEmpty() ? null : rest.substring(1)};
    }

    private static int port(String text) throws FetchException {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            throw FetchException.invalidUrl("the URL has an invalid port: " + text);
        }
        throw FetchException.invalidUrl("the URL has an invalid port: " + text);
    }
}
