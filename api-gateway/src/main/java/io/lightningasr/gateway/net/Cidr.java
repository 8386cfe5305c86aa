package io.lightningasr.gateway.net;

import java.net.InetAddress;

/** An address block such as {@code 10.0.0.0/8} or {@code fc00::/7}. */
public record Cidr(byte[] network, int prefixLength) {

    /** Parses {@code address/prefix} or a bare address (a block of one); only numeric addresses are accepted. */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = AddressPolicy.parseLiteral(address)
                .orElseThrow(() -> new IllegalArgumentException("not an IP address: " + address))
                .getAddress();
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            prefix = Integer.parseInt(text.substring(slash + 1));
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("prefix length out of range: " + text);
            }
        }
        return new Cidr(bytes, prefix);
    }

    /** Returns true when the address is inside the block; IPv4 and IPv6 blocks never contain each other. */
    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    boolean contains(byte[] bytes) {
        if (bytes.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xff << (8 - remainingBits)) & 0xff;
        return (bytes[fullBytes] & mask) == (network[fullBytes] & mask);
    }
}
