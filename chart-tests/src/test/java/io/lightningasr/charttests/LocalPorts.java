package io.lightningasr.charttests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on loopback for child processes that cannot pick their own. */
final class LocalPorts {

    private LocalPorts() {
    }

    /** Returns a port that was free a moment ago. Another process may still take it before the caller binds it. */
    static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
