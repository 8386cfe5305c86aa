package io.lightningasr.gateway.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressPolicyTest {
    private final AddressPolicy strict = new AddressPolicy(List.of());

    @ParameterizedTest
    @CsvSource({
            "2130706433, 127.0.0.1",
            "0177.0.0.1, 127.0.0.1",
            "0x7f.0.0.1, 127.0.0.1",
            "0x7f000001, 127.0.0.1",
            "127.1, 127.0.0.1",
            "127.0.1, 127.0.0.1",
            "017700000001, 127.0.0.1",
            "0, 0.0.0.0",
            "10.1, 10.0.0.1",
            "8.8.8.8, 8.8.8.8",
    })
    void inetAtonFormsParse(String text, String expected) {
        assertEquals(expected, AddressPolicy.parseLiteral(text).orElseThrow().getHostAddress());
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.0.0.1", "1.2.3.4.5", "09.1.1.1", "1.2.3.256", "example.com", ""})
    void invalidOrNamedHostsAreNotLiterals(String text) {
        assertTrue(AddressPolicy.parseLiteral(text).isEmpty(), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "127.0.0.1", "127.255.255.254", "0.0.0.0", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "100.64.0.1", "100.127.255.255", "169.254.169.254", "169.254.0.1", "224.0.0.1", "239.255.255.250",
            "240.0.0.1", "255.255.255.255", "198.18.0.1", "192.0.2.1",
            "::1", "::", "fc00::1", "fd00:ec2::254", "fe80::1", "ff02::1", "fec0::1",
            "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::127.0.0.1", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::1", "2001:0:4136:e378::1", "2001:db8::1"})
    void forbiddenAddressesRejected(String address) {
        FetchException e = assertThrows(FetchException.class, () -> strict.resolve(address));

        assertEquals("FORBIDDEN_URL", e.code(), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "64:ff9b::808:808", "172.32.0.1",
            "100.128.0.1"})
    void publicAddressesPass(String address) throws Exception {
        assertFalse(AddressPolicy.isForbidden(InetAddress.getByName(address)), address);
        assertEquals(InetAddress.getByName(address), strict.resolve(address));
    }

    @Test
    void bracketedIpv6LiteralChecked() {
        FetchException e = assertThrows(FetchException.class, () -> strict.resolve("[::1]"));

        assertEquals("FORBIDDEN_URL", e.code());
    }

    @Test
    void localhostNameRejected() {
        FetchException e = assertThrows(FetchException.class, () -> strict.resolve("localhost"));

        assertEquals("FORBIDDEN_URL", e.code());
    }

    @Test
    void metadataNameRejectedWithoutLookup() {
        FetchException e = assertThrows(FetchException.class, () -> strict.resolve("metadata.google.internal"));

        assertEquals("FORBIDDEN_URL", e.code());
    }

    @Test
    void allowlistedBlockPasses() throws Exception {
        AddressPolicy policy = new AddressPolicy(List.of("127.0.0.1/32", "files.internal"));

        assertEquals(InetAddress.getByName("127.0.0.1"), policy.resolve("127.0.0.1"));
        assertThrows(FetchException.class, () -> policy.resolve("127.0.0.2"));
        assertThrows(FetchException.class, () -> policy.resolve("10.0.0.1"));
    }

    @Test
    void invalidAllowlistEntryRejected() {
        assertThrows(IllegalArgumentException.class, () -> new AddressPolicy(List.of("10.0.0.0/33")));
        assertThrows(IllegalArgumentException.class, () -> new AddressPolicy(List.of("http://x")));
    }

    @Test
    void malformedNumericHostIsInvalid() {
        FetchException e = assertThrows(FetchException.class, () -> strict.resolve("1.2.3.4.5"));

        assertEquals("INVALID_URL", e.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://example.com/a.wav", "gopher://example.com/",
            "data:audio/wav;base64,UklGRg==", "http:///nohost", "https://user:pw@example.com/a.wav", "not a url"})
    void unsupportedUrlsInvalid(String url) {
        FetchException e = assertThrows(FetchException.class, () -> UrlFetcher.parse(url));

        assertEquals("INVALID_URL", e.code(), url);
    }
}
