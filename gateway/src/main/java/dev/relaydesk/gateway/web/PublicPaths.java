package dev.relaydesk.gateway.web;

/**
 * The gateway's own endpoints that anyone may call without credentials or a tenant: the key set services verify
 * internal tokens with, and the probes and metrics that Kubernetes and Prometheus read. Everything else needs a caller.
 */
public final class PublicPaths {

    public static final String JWKS = "/.well-known/jwks.json";

    private PublicPaths() {}

    public static boolean matches(String path) {
        if (path.equals(JWKS)) {
            return true;
        }
        if (!path.startsWith("/actuator/")) {
            return false;
        }
        return path.equals("/actuator/health")
                || path.startsWith("/actuator/health/")
                || path.equals("/actuator/prometheus")
                || path.equals("/actuator/info");
    }
}
