package com.waybillguard.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds a TCP port on 127.0.0.1 that nobody listens on right now. Ports come from below Linux's
 * ephemeral range (32768–60999), so that a server stopped and restarted on its port by a test
 * does not find it taken by some client connection's local end in the meantime.
 */
public final class FreePort {

    private static final int LOWEST = 20_000;
    private static final int HIGHEST = 32_000;
    private static final int ATTEMPTS = 200;

    private FreePort() {
    }

    public static int find() {
        for (int i = 0; i < ATTEMPTS; i++) {
            int candidate = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
            try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.1 between " + LOWEST + " and " + HIGHEST);
    }
}
