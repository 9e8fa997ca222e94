package dev.relaydesk.k8s;

import dev.relaydesk.k8s.Manifests.Doc;
import java.util.List;
import java.util.Map;

/**
 * Evaluates the NetworkPolicies of the base tree the way a CNI does, for a handful of pods: is a TCP/UDP connection
 * from one endpoint to another on a port allowed? Pods are isolated for a direction as soon as one policy of that
 * direction selects them; then only what some policy's rule allows gets through. Named ports resolve to the
 * applications' single port name, {@code http} (8080).
 */
final class PolicyModel {

    /** A pod (namespace and labels) or, with namespace null, an address outside the cluster. */
    record Endpoint(String description, String namespace, Map<String, String> labels, String ip) {

        static Endpoint pod(String description, String namespace, Map<String, String> labels, String ip) {
            return new Endpoint(description, namespace, labels, ip);
        }

        static Endpoint external(String description, String ip) {
            return new Endpoint(description, null, Map.of(), ip);
        }

        boolean inCluster() {
            return namespace != null;
        }

        Map<String, String> namespaceLabels() {
            return Map.of("kubernetes.io/metadata.name", namespace);
        }

        @Override
        public String toString() {
            return description;
        }
    }

    private final List<Doc> policies;
    private final String namespace;

    PolicyModel(Manifests manifests) {
        this.policies = manifests.ofKind("NetworkPolicy");
        this.namespace = Manifests.namespace();
    }

    boolean ingressAllowed(Endpoint from, Endpoint to, int port, String protocol) {
        return allowed(to, from, port, protocol, "Ingress", "ingress", "from");
    }

    boolean egressAllowed(Endpoint from, Endpoint to, int port, String protocol) {
        return allowed(from, to, port, protocol, "Egress", "egress", "to");
    }

    /** Both ends agree: the source may send it and the destination may receive it. */
    boolean connectionAllowed(Endpoint from, Endpoint to, int port, String protocol) {
        boolean egress = !from.inCluster() || egressAllowed(from, to, port, protocol);
        boolean ingress = !to.inCluster() || ingressAllowed(from, to, port, protocol);
        return egress && ingress;
    }

    /** Whether some policy of the given direction selects the pod. */
    boolean isolated(Endpoint pod, String policyType) {
        return !selecting(pod, policyType).isEmpty();
    }

    private boolean allowed(
            Endpoint subject,
            Endpoint peer,
            int port,
            String protocol,
            String policyType,
            String rulesKey,
            String peersKey) {
        List<Doc> applicable = selecting(subject, policyType);
        if (applicable.isEmpty()) {
            return true;
        }
        for (Doc policy : applicable) {
            for (Map<String, Object> rule : Manifests.maps(policy.body(), "spec." + rulesKey)) {
                if (portMatches(rule, port, protocol) && peerMatches(rule.get(peersKey), peer)) {
                    return true;
                }
            }
        }
        return false;
    }

    private List<Doc> selecting(Endpoint pod, String policyType) {
        if (!pod.inCluster() || !pod.namespace().equals(namespace)) {
            return List.of();
        }
        return policies.stream()
                .filter(p -> policyTypes(p).contains(policyType))
                .filter(p -> LabelSelectors.matches(Manifests.map(p.body(), "spec.podSelector"), pod.labels()))
                .toList();
    }

    private static List<String> policyTypes(Doc policy) {
        List<String> declared = Manifests.strings(policy.body(), "spec.policyTypes");
        if (!declared.isEmpty()) {
            return declared;
        }
        return Manifests.at(policy.body(), "spec.egress") == null ? List.of("Ingress") : List.of("Ingress", "Egress");
    }

    private static boolean portMatches(Map<String, Object> rule, int port, String protocol) {
        List<Map<String, Object>> ports = Manifests.maps(rule, "ports");
        if (ports.isEmpty()) {
            return true;
        }
        for (Map<String, Object> p : ports) {
            String proto = p.getOrDefault("protocol", "TCP").toString();
            Object value = p.get("port");
            if (!proto.equals(protocol)) {
                continue;
            }
            if (value == null) {
                return true;
            }
            int from = value instanceof Number n ? n.intValue() : namedPort(value.toString());
            int to = p.get("endPort") instanceof Number end ? end.intValue() : from;
            if (port >= from && port <= to) {
                return true;
            }
        }
        return false;
    }

    private static int namedPort(String name) {
        if (name.equals("http")) {
            return 8080;
        }
        throw new AssertionError("unknown named port in a NetworkPolicy: " + name);
    }

    @SuppressWarnings("unchecked")
    private boolean peerMatches(Object peers, Endpoint peer) {
        if (peers == null || ((List<?>) peers).isEmpty()) {
            return true;
        }
        for (Map<String, Object> p : (List<Map<String, Object>>) peers) {
            if (p.containsKey("ipBlock")) {
                if (ipBlockMatches(Manifests.map(p, "ipBlock"), peer.ip())) {
                    return true;
                }
                continue;
            }
            if (!peer.inCluster()) {
                continue;
            }
            boolean namespaceOk = p.containsKey("namespaceSelector")
                    ? LabelSelectors.matches(Manifests.map(p, "namespaceSelector"), peer.namespaceLabels())
                    : peer.namespace().equals(namespace);
            boolean podOk = !p.containsKey("podSelector")
                    || LabelSelectors.matches(Manifests.map(p, "podSelector"), peer.labels());
            if (namespaceOk && podOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean ipBlockMatches(Map<String, Object> block, String ip) {
        if (!contains(block.get("cidr").toString(), ip)) {
            return false;
        }
        for (String except : Manifests.strings(block, "except")) {
            if (contains(except, ip)) {
                return false;
            }
        }
        return true;
    }

    static boolean contains(String cidr, String ip) {
        String[] parts = cidr.split("/");
        int bits = Integer.parseInt(parts[1]);
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (toLong(parts[0]) & mask) == (toLong(ip) & mask);
    }

    private static long toLong(String ip) {
        long value = 0;
        for (String octet : ip.split("\\.")) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        return value;
    }
}
