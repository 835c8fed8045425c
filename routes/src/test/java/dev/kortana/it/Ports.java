package dev.kortana.it;

import java.io.IOException;
import java.net.ServerSocket;

/** Free local ports for servers started by tests. */
final class Ports {

    private Ports() {}

    static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
