package dev.kortana.processors.tools;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns a host name into the addresses a connection to it may use. {@link #SYSTEM} is the JVM's resolver, whose cache
 * the HTTP client shares; tests pass a fixed table instead.
 */
@FunctionalInterface
public interface HostResolver {

    /** The JVM's resolver (and its cache). */
    HostResolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
}
