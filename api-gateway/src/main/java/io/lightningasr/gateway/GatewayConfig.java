package io.lightningasr.gateway;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validated gateway configuration, read from environment variables.
 *
 * @param host               bind address ({@code API_HOST})
 * @param port               API port, 0 picks a free one ({@code API_PORT})
 * @param licenseKeys        keys from {@code LICENSE_KEY}, comma-separated
 * @param licenseKeyFile     file with one key per line ({@code LICENSE_KEY_FILE}), re-read when it changes
 * @param keyReloadInterval  how often the key file is checked for changes
 * @param baseUrls           static ASR pod base URLs ({@code LIGHTNING_ASR_BASE_URL})
 * @param service            headless Service {@code name:port} resolved for pod discovery
 * @param discoveryInterval  how often the Service name is resolved again
 * @param healthInterval     how often each pod's {@code /health/ready} is polled
 * @param backoff            how long a pod that refused a connection is set aside
 * @param maxBodyBytes       largest accepted audio, uploaded or fetched, in bytes
 * @param maxBufferedBytes   cap on audio bytes held in memory across all in-flight requests
 * @param maxAttempts        upstream attempts per request, first try included
 * @param requestTimeout     total time a request may spend upstream, retries included
 * @param queueSize          requests that may wait for a pod at once; beyond that 503 at once
 * @param queueTimeout       longest wait for a pod before 503
 * @param retryAfterSeconds  value of the {@code Retry-After} header on 503 responses
 * @param connectTimeout     connect timeout towards pods
 * @param loadReportTtl      how long a pod's reported {@code X-Asr-Active-Requests} counts in its load
 * @param urlAllowlist       hosts and CIDRs that URL fetching may reach although they are private
 * @param fetchConnectTimeout connect timeout for URL fetching
 * @param fetchReadTimeout   longest silence while reading a fetched body
 * @param fetchTotalTimeout  longest total time of one URL fetch, redirects included
 */
public record GatewayConfig(
        String host,
        int port,
        List<String> licenseKeys,
        Optional<Path> licenseKeyFile,
        Duration keyReloadInterval,
        List<URI> baseUrls,
        Optional<ServiceAddress> service,
        Duration discoveryInterval,
        Duration healthInterval,
        Duration backoff,
        long maxBodyBytes,
        long maxBufferedBytes,
        int maxAttempts,
        Duration requestTimeout,
        int queueSize,
        Duration queueTimeout,
        int retryAfterSeconds,
        Duration connectTimeout,
        Duration loadReportTtl,
        List<String> urlAllowlist,
        Duration fetchConnectTimeout,
        Duration fetchReadTimeout,
        Duration fetchTotalTimeout) {

    private static final long MIB = 1024L * 1024L;

    /** DNS name and port of a headless Service whose A/AAAA records are the pods. */
    public record ServiceAddress(String name, int port) {
    }

    public GatewayConfig {
        licenseKeys = List.copyOf(licenseKeys);
        baseUrls = List.copyOf(baseUrls);
        urlAllowlist = List.copyOf(urlAllowlist);
    }

    /** Largest accepted audio in MiB, as reported in FILE_TOO_LARGE bodies. */
    public long maxBodyMb() {
        return maxBodyBytes / MIB;
    }

    /**
     * Reads and validates the configuration.
     *
     * @throws ConfigException naming the first invalid key, the expected and the given value
     */
    public static GatewayConfig fromEnv(Map<String, String> env) {
        Reader r = new Reader(env);
        List<String> keys = r.list("LICENSE_KEY");
        Optional<Path> keyFile = r.optional("LICENSE_KEY_FILE").map(Path::of);
        if (keys.isEmpty() && keyFile.isEmpty()) {
            throw new ConfigException("LICENSE_KEY", "at least one license key (or LICENSE_KEY_FILE)", null);
        }
        List<URI> baseUrls = new ArrayList<>();
        for (String url : r.list("LIGHTNING_ASR_BASE_URL")) {
            baseUrls.add(baseUrl(url));
        }
        Optional<ServiceAddress> service = r.optional("LIGHTNING_ASR_SERVICE").map(GatewayConfig::serviceAddress);
        if (baseUrls.isEmpty() && service.isEmpty()) {
            throw new ConfigException("LIGHTNING_ASR_BASE_URL",
                    "one or more ASR base URLs (or LIGHTNING_ASR_SERVICE=name:port)", null);
        }
        if (!baseUrls.isEmpty() && service.isPresent()) {
            throw new ConfigException("LIGHTNING_ASR_SERVICE",
                    "unset when LIGHTNING_ASR_BASE_URL is set (use one of the two)", env.get("LIGHTNING_ASR_SERVICE"));
        }
        return new GatewayConfig(
                r.string("API_HOST", "0.0.0.0"),
                r.integer("API_PORT", 7100, 0, 65535),
                keys,
                keyFile,
                r.millis("API_LICENSE_RELOAD_MS", 2000),
                baseUrls,
                service,
                r.millis("API_DISCOVERY_INTERVAL_MS", 5000),
                r.millis("API_HEALTH_INTERVAL_MS", 2000),
                r.millis("API_BACKOFF_MS", 5000),
                r.integer("API_MAX_BODY_MB", 100, 1, 2047) * MIB,
                r.integer("API_MAX_BUFFERED_MB", 1024, 1, 1 << 20) * MIB,
                r.integer("API_MAX_ATTEMPTS", 3, 1, 10),
                Duration.ofSeconds(r.integer("API_REQUEST_TIMEOUT_SECONDS", 600, 1, 86_400)),
                r.integer("API_QUEUE_SIZE", 256, 0, 1_000_000),
                r.millis("API_QUEUE_TIMEOUT_MS", 10_000),
                r.integer("API_RETRY_AFTER_SECONDS", 2, 1, 3600),
                r.millis("API_CONNECT_TIMEOUT_MS", 2000),
                r.millis("API_LOAD_REPORT_TTL_MS", 2000),
                r.list("API_URL_ALLOWLIST"),
                r.millis("API_FETCH_CONNECT_TIMEOUT_MS", 5000),
                r.millis("API_FETCH_READ_TIMEOUT_MS", 15_000),
                Duration.ofSeconds(r.integer("API_FETCH_TOTAL_TIMEOUT_SECONDS", 120, 1, 3600)));
    }

    private static URI baseUrl(String value) {
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new ConfigException("LIGHTNING_ASR_BASE_URL", "http(s)://host:port URLs, comma-separated", value);
            }
            String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), path, null, null);
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException("LIGHTNING_ASR_BASE_URL", "http(s)://host:port URLs, comma-separated", value);
        }
    }

    private static ServiceAddress serviceAddress(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new ConfigException("LIGHTNING_ASR_SERVICE", "name:port, e.g. asr-headless.default.svc:2269", value);
        }
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException("port out of range");
            }
            return new ServiceAddress(value.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new ConfigException("LIGHTNING_ASR_SERVICE", "name:port with port 1..65535", value);
        }
    }

    /** Typed access to the environment with error messages that name the key. */
    private record Reader(Map<String, String> env) {
        Optional<String> optional(String key) {
            String value = env.get(key);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        }

        String string(String key, String defaultValue) {
            return optional(key).orElse(defaultValue);
        }

        List<String> list(String key) {
            return optional(key).stream()
                    .flatMap(v -> Arrays.stream(v.split(",")))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .toList();
        }

        int integer(String key, int defaultValue, int min, int max) {
            Optional<String> value = optional(key);
            if (value.isEmpty()) {
                return defaultValue;
            }
            String expected = "an integer in " + min + ".." + max;
            try {
                int parsed = Integer.parseInt(value.get());
                if (parsed < min || parsed > max) {
                    throw new ConfigException(key, expected, value.get());
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new ConfigException(key, expected, value.get());
            }
        }

        Duration millis(String key, int defaultMillis) {
            return Duration.ofMillis(integer(key, defaultMillis, 1, 86_400_000));
        }
    }
}
