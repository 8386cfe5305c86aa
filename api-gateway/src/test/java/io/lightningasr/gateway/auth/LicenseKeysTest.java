package io.lightningasr.gateway.auth;

import io.lightningasr.gateway.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LicenseKeysTest {

    @Test
    void environmentKeysAccepted() {
        LicenseKeys keys = new LicenseKeys(List.of("alpha", "beta"), Optional.empty());

        assertTrue(keys.accepts("alpha"));
        assertTrue(keys.accepts("beta"));
        assertFalse(keys.accepts("alph"));
        assertFalse(keys.accepts("alphaa"));
        assertFalse(keys.accepts(""));
    }

    @Test
    void noKeyFailsAtStart() {
        assertThrows(ConfigException.class, () -> new LicenseKeys(List.of(), Optional.empty()));
    }

    @Test
    void emptyKeyFileWithoutEnvironmentKeysFails(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("keys"), "# no keys yet\n\n");

        assertThrows(ConfigException.class, () -> new LicenseKeys(List.of(), Optional.of(file)));
    }

    /** Kubernetes mounts a Secret as key -> ..data/key and swaps the ..data symlink on update. */
    @Test
    void secretSymlinkSwapReloadsKeys(@TempDir Path dir) throws IOException {
        Path v1 = Files.createDirectory(dir.resolve("..2026_v1"));
        Files.writeString(v1.resolve("license-keys"), "old-key\n# comment\nshared-key\n");
        Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
        Path mounted = Files.createSymbolicLink(dir.resolve("license-keys"), Path.of("..data/license-keys"));
        LicenseKeys keys = new LicenseKeys(List.of("env-key"), Optional.of(mounted));
        assertTrue(keys.accepts("old-key"));
        assertEquals(3, keys.keyCount());

        Path v2 = Files.createDirectory(dir.resolve("..2026_v2"));
        Files.writeString(v2.resolve("license-keys"), "new-key\nshared-key\n");
        Path tmpLink = Files.createSymbolicLink(dir.resolve("..data_tmp"), v2.getFileName());
        Files.move(tmpLink, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(keys.reloadIfChanged());

        assertTrue(keys.accepts("new-key"));
        assertTrue(keys.accepts("shared-key"));
        assertTrue(keys.accepts("env-key"));
        assertFalse(keys.accepts("old-key"));
    }

    @Test
    void unreadableFileKeepsPreviousKeys(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("keys"), "file-key\n");
        LicenseKeys keys = new LicenseKeys(List.of(), Optional.of(file));
        Files.delete(file);

        assertFalse(keys.reloadIfChanged());

        assertTrue(keys.accepts("file-key"));
    }

    @Test
    void authorizationHeaderForms() {
        Authenticator auth = new Authenticator(new LicenseKeys(List.of("s3cret-key"), Optional.empty()));

        assertTrue(auth.isAuthorized(Optional.of("Token s3cret-key")));
        assertTrue(auth.isAuthorized(Optional.of("token s3cret-key")));
        assertTrue(auth.isAuthorized(Optional.of("Bearer s3cret-key")));
        assertTrue(auth.isAuthorized(Optional.of("BEARER s3cret-key")));
        assertFalse(auth.isAuthorized(Optional.empty()));
        assertFalse(auth.isAuthorized(Optional.of("Basic s3cret-key")));
        assertFalse(auth.isAuthorized(Optional.of("Token")));
        assertFalse(auth.isAuthorized(Optional.of("Token ")));
        assertFalse(auth.isAuthorized(Optional.of("Token  s3cret-key")));
        assertFalse(auth.isAuthorized(Optional.of("Token s3cret-key extra")));
        assertFalse(auth.isAuthorized(Optional.of("s3cret-key")));
        assertFalse(auth.isAuthorized(Optional.of("Token wrong-key")));
    }
}
