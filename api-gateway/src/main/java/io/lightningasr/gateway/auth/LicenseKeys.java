package io.lightningasr.gateway.auth;

import io.lightningasr.gateway.ConfigException;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The set of accepted license keys: those given in the environment plus those in an optional key file.
 *
 * <p>Keys are kept only as SHA-256 digests, so every comparison runs over 32 bytes with
 * {@link MessageDigest#isEqual} whatever the length of the presented key. {@link #reloadIfChanged()} re-reads the
 * file and swaps the set when the content hash changed; it reads through symlinks, which is how Kubernetes
 * replaces a mounted Secret (an atomic swap of the {@code ..data} symlink that leaves the file's own inode alone).
 * Keys never appear in log messages or exceptions.
 */
public final class LicenseKeys {
    private static final System.Logger LOG = System.getLogger(LicenseKeys.class.getName());

    private final List<byte[]> environmentDigests;
    private final Optional<Path> keyFile;
    private volatile List<byte[]> fileDigests = List.of();
    private volatile byte[] fileContentHash = new byte[0];
    private volatile boolean fileReadFailing;

    /**
     * Creates the key set and reads the key file once.
     *
     * @throws ConfigException when neither the environment nor the file provides a key
     */
    public LicenseKeys(List<String> environmentKeys, Optional<Path> keyFile) {
        this.environmentDigests = environmentKeys.stream().map(LicenseKeys::sha256).toList();
        this.keyFile = keyFile;
        keyFile.ifPresent(path -> {
            if (!reloadIfChanged()) {
                if (environmentDigests.isEmpty()) {
                    throw new ConfigException("LICENSE_KEY_FILE", "a readable file with one key per line",
                            path.toString());
                }
            }
        });
        if (keyCount() == 0) {
            throw new ConfigException("LICENSE_KEY",
                    "at least one license key in LICENSE_KEY or in the file named by LICENSE_KEY_FILE", null);
        }
    }

    /** Number of distinct accepted keys right now. */
    public int keyCount() {
        return environmentDigests.size() + fileDigests.size();
    }

    /**
     * Checks a presented key against every accepted key without an early exit, so the time taken does not
     * depend on which key matched or how much of a key matched.
     */
    public boolean accepts(String presentedKey) {
        byte[] presented = sha256(presentedKey);
        boolean match = false;
        for (byte[] digest : environmentDigests) {
            match |= MessageDigest.isEqual(digest, presented);
        }
        for (byte[] digest : fileDigests) {
            match |= MessageDigest.isEqual(digest, presented);
        }
        return match;
    }

    /**
     * Re-reads the key file and replaces the file's keys when its content changed. A file that cannot be read
     * leaves the previous keys in place, so a Secret update caught half-way does not lock users out.
     *
     * @return false when the file could not be read
     */
    public synchronized boolean reloadIfChanged() {
        if (keyFile.isEmpty()) {
            return true;
        }
        Path path = keyFile.get();
        byte[] content;
        try {
            content = Files.readAllBytes(path);
        } catch (IOException e) {
            if (!fileReadFailing) {
                LOG.log(Level.WARNING, "cannot read license key file " + path + ", keeping the previous keys: "
                        + e.getClass().getSimpleName());
            }
            fileReadFailing = true;
            return false;
        }
        fileReadFailing = false;

        byte[] hash = sha256(content);
        if (MessageDigest.isEqual(hash, fileContentHash)) {
            return true;
        }

        List<byte[]> digests = new ArrayList<>();
        for (String line : new String(content, StandardCharsets.UTF_8).split("\\R")) {
            String key = line.trim();
            if (!key.isEmpty() && !key.startsWith("#")) {
                digests.add(sha256(key));
            }
        }
        fileDigests = List.copyOf(digests);
        fileContentHash = hash;
        LOG.log(Level.INFO, "loaded license key file " + path + " keys=" + digests.size());
        return true;
    }

    private static byte[] sha256(String key) {
        return sha256(key.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
