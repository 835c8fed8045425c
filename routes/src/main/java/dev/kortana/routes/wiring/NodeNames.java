package dev.kortana.routes.wiring;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/** This worker's name in leases: configured, or host-pid-random so every process start is a new worker. */
final class NodeNames {

    private NodeNames() {}

    static String resolve(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
