package dev.relaydesk.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command-line arguments of each application in the local contract: where it listens, its database and login,
 * Kafka, the gateway's JWKS, the gateway's routes and key, the bootstrap administrator. Kept in one place so the
 * command line and the test API cannot drift apart.
 */
final class AppArguments {

    /** The password of every service's {@code <db>_app} login role in a local stack. */
    static final String APP_ROLE_PASSWORD = "relaydesk-local";

    private AppArguments() {}

    /**
     * @param ports the port of every application (also those not started: the gateway routes to all)
     * @param extra arguments from the caller; one with the same {@code --key} as a default replaces it
     */
    static List<String> of(
            App app,
            Map<App, Integer> ports,
            int postgresPort,
            int kafkaPort,
            int smtpPort,
            Path signingKey,
            List<String> extra) {
        List<String> args = new ArrayList<>();
        args.add("--server.port=" + ports.get(app));
        args.add("--server.address=127.0.0.1");
        app.database().ifPresent(db -> {
            args.add("--spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:" + postgresPort + "/" + db);
            args.add("--spring.r2dbc.username=" + db + "_app");
            args.add("--spring.r2dbc.password=" + APP_ROLE_PASSWORD);
            args.add("--spring.flyway.url=jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + db);
            args.add("--spring.flyway.user=" + PostgresServer.SUPERUSER);
            args.add("--spring.flyway.password=" + PostgresServer.SUPERUSER_PASSWORD);
            args.add("--relaydesk.platform.security.jwk-set-uri=http://127.0.0.1:" + ports.get(App.GATEWAY)
                    + "/.well-known/jwks.json");
        });
        // the gateway consumes user.* events too (credential changes evict its cache)
        args.add("--spring.kafka.bootstrap-servers=127.0.0.1:" + kafkaPort);
        if (app == App.USER_SERVICE) {
            args.add("--relaydesk.users.bootstrap-admin.tenant=default");
            args.add("--relaydesk.users.bootstrap-admin.username=admin");
            args.add("--relaydesk.users.bootstrap-admin.password=admin");
            args.add("--relaydesk.users.bootstrap-admin.email=admin@localhost");
        }
        if (app == App.NOTIFICATION_SERVICE) {
            args.add("--spring.mail.host=127.0.0.1");
            args.add("--spring.mail.port=" + smtpPort);
            // a developer's webhook receiver runs on this machine, usually as plain http
            args.add("--relaydesk.notifications.webhooks.allow-http=true");
            args.add("--relaydesk.notifications.webhooks.allow-private-addresses=true");
        }
        if (app == App.GATEWAY) {
            for (App service : App.values()) {
                if (service != App.GATEWAY) {
                    args.add("--relaydesk.gateway.services." + service.moduleName() + "=http://127.0.0.1:"
                            + ports.get(service));
                }
            }
            args.add("--relaydesk.gateway.token.signing-key=file:" + signingKey.toAbsolutePath());
        }
        return merge(args, extra);
    }

    /** Defaults overridden by extras of the same key (Spring would otherwise join repeated values with commas). */
    static List<String> merge(List<String> defaults, List<String> extra) {
        Map<String, String> byKey = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (List<String> source : List.of(defaults, extra)) {
            for (String arg : source) {
                String key = keyOf(arg);
                if (key == null) {
                    positional.add(arg);
                } else {
                    byKey.remove(key); // re-insert: an override lands where the caller put it
                    byKey.put(key, arg);
                }
            }
        }
        List<String> merged = new ArrayList<>(byKey.values());
        merged.addAll(positional);
        return merged;
    }

    private static String keyOf(String arg) {
        if (!arg.startsWith("--")) {
            return null;
        }
        int equals = arg.indexOf('=');
        return equals < 0 ? arg.substring(2) : arg.substring(2, equals);
    }
}
