package io.lightningasr.gateway.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides which addresses URL fetching may connect to.
 *
 * <p>Rejected unless allow-listed: loopback, "this network" (0/8), RFC 1918, CGNAT (100.64/10), link-local
 * (169.254/16, including the cloud metadata address 169.254.169.254, and fe80::/10), IETF and documentation
 * blocks, benchmarking (198.18/15), multicast, reserved (240/4), broadcast, unspecified, unique-local
 * (fc00::/7, including fd00:ec2::254) and site-local (fec0::/10). IPv6 forms that embed an IPv4 address
 * (IPv4-mapped ::ffff:0:0/96, IPv4-compatible ::/96, NAT64 64:ff9b::/96 and 64:ff9b:1::/48, 6to4 2002::/16)
 * are judged by the embedded IPv4 address, and Teredo (2001::/32) is rejected because its client address is
 * obfuscated.
 *
 * <p>Host names are resolved once here and every resolved address must pass; the caller connects to the
 * returned address so a second DNS answer cannot differ from the checked one.
 */
public final class AddressPolicy {
    private static final List<Cidr> FORBIDDEN_V4 = cidrs(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
            "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32");
    private static final List<Cidr> FORBIDDEN_V6 = cidrs(
            "::/128", "::1/128", "100::/64", "2001::/32", "2001:db8::/32", "fc00::/7", "fe80::/10", "fec0::/10",
            "ff00::/8");
    private static final List<String> FORBIDDEN_NAMES = List.of("metadata.google.internal", "metadata",
            "instance-data", "instance-data.ec2.internal");

    private final List<Cidr> allowedBlocks;
    private final List<String> allowedHosts;

    /**
     * Creates a policy with an allow-list whose entries are CIDR blocks, single addresses or host names
     * (matched exactly, case-insensitive). An allow-listed host name may resolve to any address.
     *
     * @throws IllegalArgumentException for an entry that is neither
     */
    public AddressPolicy(List<String> allowlist) {
        List<Cidr> blocks = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (String entry : allowlist) {
            if (entry.contains("/") || parseLiteral(entry).isPresent()) {
                blocks.add(Cidr.parse(entry));
            } else if (entry.matches("[A-Za-z0-9.-]+")) {
                hosts.add(normalizeName(entry));
            } else {
                throw new IllegalArgumentException("not a host name or CIDR block: " + entry);
            }
        }
        this.allowedBlocks = List.copyOf(blocks);
        this.allowedHosts = List.copyOf(hosts);
    }

    /**
     * Resolves a URL host and returns the address to connect to.
     *
     * @param host the host part of a URL, IPv6 literals with or without brackets
     * @throws FetchException FORBIDDEN_URL when any resolved address is forbidden, FETCH_FAILED when the name
     *                        does not resolve
     */
    public InetAddress resolve(String host) throws FetchException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        Optional<InetAddress> literal = parseLiteral(bare);
        if (literal.isPresent()) {
            check(literal.get(), false);
            return literal.get();
        }
        if (looksNumeric(bare)) {
            throw FetchException.invalidUrl("host is not a valid IP address or name");
        }
        String name = normalizeName(bare);
        if (!name.matches("[a-z0-9_-]+(\\.[a-z0-9_-]+)*")) {
            throw FetchException.invalidUrl("host is not a valid name");
        }
        boolean nameAllowed = allowedHosts.contains(name);
        if (!nameAllowed && FORBIDDEN_NAMES.contains(name)) {
            throw FetchException.forbidden();
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(name);
        } catch (UnknownHostException e) {
            throw FetchException.failed("host name does not resolve", null);
        }
        for (InetAddress address : addresses) {
            check(address, nameAllowed);
        }
        return addresses[0];
    }

    private void check(InetAddress address, boolean nameAllowed) throws FetchException {
        if (nameAllowed || allowedBlocks.stream().anyMatch(b -> b.contains(address))) {
            return;
        }
        if (isForbidden(address)) {
            throw FetchException.forbidden();
        }
    }

    /** Returns true for addresses in the forbidden blocks listed on this class, whatever the allow-list contains. */
    public static boolean isForbidden(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return FORBIDDEN_V4.stream().anyMatch(c -> c.contains(b));
        }
        Optional<byte[]> embedded = embeddedIpv4(b);
        if (embedded.isPresent()) {
            byte[] v4 = embedded.get();
            return FORBIDDEN_V4.stream().anyMatch(c -> c.contains(v4));
        }
        return FORBIDDEN_V6.stream().anyMatch(c -> c.contains(b));
    }

    private static Optional<byte[]> embeddedIpv4(byte[] v6) {
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= v6[i] == 0;
        }
        boolean mapped = firstTenZero && (v6[10] & 0xff) == 0xff && (v6[11] & 0xff) == 0xff;
        boolean compatible = firstTenZero && v6[10] == 0 && v6[11] == 0;
        boolean nat64 = Cidr.parse("64:ff9b::/96").contains(v6) || Cidr.parse("64:ff9b:1::/48").contains(v6);
        if (mapped || compatible || nat64) {
            return Optional.of(java.util.Arrays.copyOfRange(v6, 12, 16));
        }
        if ((v6[0] & 0xff) == 0x20 && (v6[1] & 0xff) == 0x02) {
            return Optional.of(java.util.Arrays.copyOfRange(v6, 2, 6));
        }
        return Optional.empty();
    }

    /**
     * Parses an IP literal without DNS: IPv6 (the JDK's parser, IPv4-mapped forms come back as IPv4) and IPv4
     * in every form that inet_aton(3) accepts, so {@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.0.0.1}
     * and {@code 127.1} all mean 127.0.0.1 here as they do in curl and browsers.
     */
    public static Optional<InetAddress> parseLiteral(String text) {
        try {
            if (text.contains(":")) {
                if (!text.matches("[0-9A-Fa-f:.]+")) {
                    return Optional.empty();
                }
                return Optional.of(InetAddress.getByName("[" + text + "]"));
            }
            return parseInetAton(text).map(AddressPolicy::ipv4);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> parseInetAton(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length < 1 || parts.length > 4) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Optional<Long> value = parseNumber(parts[i]);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            values[i] = value.get();
        }
        long result = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 0xff) {
                return Optional.empty();
            }
            result |= values[i] << (24 - 8 * i);
        }
        long last = values[parts.length - 1];
        long lastMax = (1L << (8 * (5 - parts.length))) - 1;
        if (last > lastMax) {
            return Optional.empty();
        }
        return Optional.of(result | last);
    }

    private static Optional<Long> parseNumber(String part) {
        try {
            if (part.isEmpty() || part.length() > 12) {
                return Optional.empty();
            }
            if (part.startsWith("0x") || part.startsWith("0X")) {
                return part.length() == 2 ? Optional.of(0L) : Optional.of(Long.parseLong(part.substring(2), 16));
            }
            if (part.length() > 1 && part.startsWith("0")) {
                return Optional.of(Long.parseLong(part.substring(1), 8));
            }
            return part.chars().allMatch(Character::isDigit) ? Optional.of(Long.parseLong(part)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Hosts made of digits, dots and hex prefixes that are not valid inet_aton forms, e.g. {@code 1.2.3.4.5}. */
    private static boolean looksNumeric(String host) {
        return host.matches("(?i)[0-9x.a-f]+") && host.matches("(?i).*\\d.*") && host.matches("(?i)(0x)?[0-9.].*")
                && !host.matches("(?i).*[g-wyz].*");
    }

    private static InetAddress ipv4(long value) {
        byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always a valid IPv4 address", e);
        }
    }

    private static String normalizeName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static List<Cidr> cidrs(String... blocks) {
        return java.util.Arrays.stream(blocks).map(Cidr::parse).toList();
    }

    /** Returns true when the address is an IPv6 address; used to bracket literals in Host headers. */
    static boolean isIpv6(InetAddress address) {
        return address instanceof Inet6Address;
    }
}
