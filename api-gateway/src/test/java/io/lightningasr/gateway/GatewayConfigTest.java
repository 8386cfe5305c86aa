package io.lightningasr.gateway;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayConfigTest {
    private static final Map<String, String> MINIMAL = Map.of(
            "LICENSE_KEY", "k1, k2",
            "LIGHTNING_ASR_BASE_URL", "http://127.0.0.1:2269/,http://127.0.0.1:2270");

    @Test
    void defaultsApply() {
        GatewayConfig config = GatewayConfig.fromEnv(MINIMAL);

        assertEquals("0.0.0.0", config.host());
        assertEquals(7100, config.port());
        assertEquals(List.of("k1", "k2"), config.licenseKeys());
        assertEquals(List.of(URI.create("http://127.0.0.1:2269"), URI.create("http://127.0.0.1:2270")),
                config.baseUrls());
        assertEquals(100L * 1024 * 1024, config.maxBodyBytes());
        assertEquals(100, config.maxBodyMb());
        assertEquals(3, config.maxAttempts());
        assertEquals(Duration.ofSeconds(10), config.queueTimeout());
        assertTrue(config.urlAllowlist().isEmpty());
        assertFalse(config.service().isPresent());
    }

    @Test
    void missingKeyFailsNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> GatewayConfig.fromEnv(Map.of("LIGHTNING_ASR_BASE_URL", "http://127.0.0.1:2269")));

        assertTrue(e.getMessage().startsWith("LICENSE_KEY:"), e.getMessage());
    }

    @Test
    void invalidNumberNamesKeyExpectedAndGiven() {
        Map<String, String> env = new java.util.HashMap<>(MINIMAL);
        env.put("API_PORT", "seventy");

        ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfig.fromEnv(env));

        assertEquals("API_PORT: expected an integer in 0..65535, given 'seventy'", e.getMessage());
    }

    @Test
    void missingEndpointsFail() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> GatewayConfig.fromEnv(Map.of("LICENSE_KEY", "k")));

        assertTrue(e.getMessage().startsWith("LIGHTNING_ASR_BASE_URL:"), e.getMessage());
    }

    @Test
    void serviceAddressParses() {
        GatewayConfig config = GatewayConfig.fromEnv(Map.of("LICENSE_KEY", "k",
                "LIGHTNING_ASR_SERVICE", "asr-headless.default.svc:2269"));

        assertEquals(new GatewayConfig.ServiceAddress("asr-headless.default.svc", 2269), config.service().get());
    }

    @Test
    void serviceWithoutPortFails() {
        ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfig.fromEnv(
                Map.of("LICENSE_KEY", "k", "LIGHTNING_ASR_SERVICE", "asr-headless")));

        assertTrue(e.getMessage().contains("given 'asr-headless'"), e.getMessage());
    }

    @Test
    void invalidBaseUrlFails() {
        ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfig.fromEnv(
                Map.of("LICENSE_KEY", "k", "LIGHTNING_ASR_BASE_URL", "ftp://pods")));

        assertTrue(e.getMessage().startsWith("LIGHTNING_ASR_BASE_URL:"), e.getMessage());
    }

    @Test
    void invalidAllowlistFailsAtStart() {
        GatewayConfig config = GatewayConfig.fromEnv(Map.of("LICENSE_KEY", "k",
                "LIGHTNING_ASR_BASE_URL", "http://127.0.0.1:1", "API_URL_ALLOWLIST", "10.0.0.0/99"));

        ConfigException e = assertThrows(ConfigException.class, () -> GatewayContext.start(config));

        assertTrue(e.getMessage().startsWith("API_URL_ALLOWLIST:"), e.getMessage());
    }
}
