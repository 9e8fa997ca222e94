package dev.relaydesk.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns the requested ports of a stack (fixed numbers, or 0 for "any free port") into concrete, distinct loopback
 * ports, and refuses early and by name when a fixed port is taken: on a shared machine 8080 is often busy, and a clear
 * message beats an application dying on a bind error half a minute later.
 */
final class PortPlan {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private PortPlan() {}

    /**
     * Resolves every requested port.
     *
     * @param requested what each port is for (for messages) mapped to a port number, or 0 for a random free port
     * @return the same keys, in the same order, with concrete ports
     * @throws IllegalStateException if a fixed port is in use or asked for twice
     */
    static Map<String, Integer> resolve(Map<String, Integer> requested) {
        Map<String, Integer> resolved = new LinkedHashMap<>();
        Set<Integer> taken = new HashSet<>();
        requested.forEach((what, port) -> {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port of " + what + " out of range: " + port);
            }
            if (port > 0 && !taken.add(port)) {
                throw new IllegalStateException("port " + port + " is asked for twice (again for " + what + ")");
            }
        });
        requested.forEach((what, port) -> {
            if (port > 0 && !isFree(port)) {
                throw new IllegalStateException("port " + port + " (" + what + ") is already in use on 127.0.0.1; "
                        + "stop what uses it or choose other ports (--port-base=, --" + what + "-port=)");
            }
        });
        requested.forEach((what, port) -> resolved.put(what, port > 0 ? port : freePort(taken)));
        return resolved;
    }

    /** Whether a server could bind this port on 127.0.0.1 right now. */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A free loopback port that is not in {@code taken}; adds it there. */
    static int freePort(Set<Integer> taken) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(LOOPBACK, 0));
                int port = socket.getLocalPort();
                if (taken.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot find a free port on 127.0.0.1", e);
            }
        }
        throw new IllegalStateException("cannot find a free port on 127.0.0.1");
    }

    /** Whether something accepts TCP connections on 127.0.0.1:port. */
    static boolean isListening(int port) {
        try (var socket = new java.net.Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
