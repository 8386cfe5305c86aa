package io.lightningasr.gateway.auth;

import java.util.Optional;

/**
 * Checks {@code Authorization: Token <key>} or {@code Bearer <key>} headers (scheme case-insensitive) against
 * the license keys. The header must be exactly the scheme, one space and the key: extra spaces, a missing key
 * or whitespace inside the key are rejected.
 */
public final class Authenticator {
    private final LicenseKeys keys;

    public Authenticator(LicenseKeys keys) {
        this.keys = keys;
    }

    /** Returns true when the header carries an accepted key. */
    public boolean isAuthorized(Optional<String> authorizationHeader) {
        if (authorizationHeader.isEmpty()) {
            return false;
        }
        String header = authorizationHeader.get();
        int space = header.indexOf(' ');
        if (space <= 0) {
            return false;
        }
        String scheme = header.substring(0, space);
        String key = header.substring(space + 1);
        if (!(scheme.equalsIgnoreCase("token") || scheme.equalsIgnoreCase("bearer"))) {
            return false;
        }
        if (key.isEmpty() || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return false;
        }
        return keys.accepts(key);
    }
}
