package dev.relaydesk.gateway.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The client's IP address as lock-out and last-seen data use it: the connection's remote address, or the first entry
 * of {@code X-Forwarded-For} when the connection comes from a trusted proxy. Never a DNS lookup: addresses are
 * compared as bytes and written as literals.
 */
public final class ClientAddress {

    static final String FORWARDED_FOR = "X-Forwarded-For";

    private final List<Range> trusted;

    public ClientAddress(List<String> trustedProxies) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : trustedProxies) {
            ranges.add(Range.parse(entry.trim()));
        }
        this.trusted = List.copyOf(ranges);
    }

    /** The client's address, {@code "unknown"} when the connection has none. */
    public String of(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        InetAddress address = remote == null ? null : remote.getAddress();
        if (address == null) {
            return "unknown";
        }
        if (!trusted.isEmpty() && isTrusted(address)) {
            String forwarded = request.getHeaders().getFirst(FORWARDED_FOR);
            if (forwarded != null) {
                int comma = forwarded.indexOf(',');
                String first = (comma < 0 ? forwarded : forwarded.substring(0, comma)).trim();
                if (!first.isEmpty() && first.length() <= 64) {
                    return first;
                }
            }
        }
        return address.getHostAddress();
    }

    private boolean isTrusted(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Range range : trusted) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** An address or a CIDR range. */
    private record Range(byte[] network, int prefixBits) {

        static Range parse(String entry) {
            int slash = entry.indexOf('/');
            String host = slash < 0 ? entry : entry.substring(0, slash);
            if (!host.matches("[0-9A-Fa-f:.]+")) {
                throw new IllegalArgumentException(
                        "relaydesk.gateway.trusted-proxies: '" + entry + "' is not an IP address or CIDR range");
            }
            try {
                byte[] network = InetAddress.getByName(host).getAddress(); // a literal: no lookup
                int bits = slash < 0 ? network.length * 8 : Integer.parseInt(entry.substring(slash + 1));
                if (bits < 0 || bits > network.length * 8) {
                    throw new IllegalArgumentException("relaydesk.gateway.trusted-proxies: bad prefix in " + entry);
                }
                return new Range(network, bits);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException(
                        "relaydesk.gateway.trusted-proxies: '" + entry + "' is not an IP address or CIDR range", e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefixBits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
