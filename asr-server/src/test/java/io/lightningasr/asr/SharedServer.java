package io.lightningasr.asr;

import java.util.Map;

/**
 * One server with the bundled model shared by the server test classes of a test JVM, so the model loads
 * once: 2 slots, a queue of 8 and a body limit of 2 MiB. It is stopped when the test JVM exits.
 */
final class SharedServer {

    static final int SLOTS = 2;
    static final int QUEUE_SIZE = 8;
    static final int MAX_BODY_MB = 2;

    private static ServerProcess server;

    private SharedServer() {
    }

    static synchronized ServerProcess get() throws Exception {
        if (server == null || !server.process().isAlive()) {
            server = ServerProcess.start("shared", Map.of(
                    "ASR_SLOTS", Integer.toString(SLOTS),
                    "ASR_QUEUE_SIZE", Integer.toString(QUEUE_SIZE),
                    "ASR_MAX_BODY_MB", Integer.toString(MAX_BODY_MB)));
            ServerProcess started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> started.process().destroyForcibly()));
        }
        return server;
    }
}
