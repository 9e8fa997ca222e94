package dev.relaydesk.notification.automation;

import dev.relaydesk.contract.TenantId;
import dev.relaydesk.notification.NotificationProperties;
import dev.relaydesk.notification.delivery.AttemptResult;
import dev.relaydesk.notification.delivery.WebhookSender;
import dev.relaydesk.notification.webhook.WebhookUrlPolicy;
import dev.relaydesk.platform.tenancy.Tenancy;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * An automation rule's webhook call: the URL must pass the webhook {@link WebhookUrlPolicy} (https, public addresses,
 * unless the deployment allows otherwise), then the request goes out through {@link WebhookSender#call} (timeout, no
 * redirects, bounded response read, address check on connect). A failed attempt (no response, 408, 429, 5xx) is tried
 * again after each of {@code relaydesk.notifications.automation.webhook-retry-delays}; the outcome is logged and
 * recorded in {@code automation_webhook_call}.
 */
@Component
class RuleWebhookCalls {

    static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH", "GET");

    private static final Logger log = LoggerFactory.getLogger(RuleWebhookCalls.class);

    private final WebhookUrlPolicy policy;
    private final WebhookSender sender;
    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final List<Duration> retryDelays;

    RuleWebhookCalls(
            WebhookUrlPolicy policy,
            WebhookSender sender,
            DatabaseClient db,
            TransactionalOperator tx,
            NotificationProperties properties) {
        this.policy = policy;
        this.sender = sender;
        this.db = db;
        this.tx = tx;
        this.retryDelays = properties.automation().webhookRetryDelays();
    }

    /** Calls, retries and records; completes when the outcome is recorded, never with an error. */
    Mono<Void> call(
            TenantId tenant,
            String commandId,
            Long ruleId,
            Long ticketId,
            String method,
            String url,
            String contentType,
            Map<String, String> headers,
            String body) {
        String verb =
                method == null || method.isBlank() ? "POST" : method.trim().toUpperCase(Locale.ROOT);
        Call call = new Call(tenant, commandId == null ? "" : commandId, ruleId, ticketId, verb, redacted(url));
        if (!METHODS.contains(verb)) {
            return refused(call, "method must be one of POST, PUT, PATCH, GET");
        }
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        return policy.check(url)
                .onErrorResume(e -> refused(call, e.getMessage()).then(Mono.<String>empty()))
                .flatMap(checked -> attempt(call, checked, contentType, headers, bytes, 1))
                .onErrorResume(e -> {
                    log.warn("Cannot record rule {} webhook call: {}", ruleId, e.toString());
                    return Mono.empty();
                });
    }

    private Mono<Void> attempt(
            Call call, String url, String contentType, Map<String, String> headers, byte[] body, int attempt) {
        return sender.call(HttpMethod.valueOf(call.method()), url, contentType, headers, body)
                .flatMap(result -> {
                    if (result.succeeded()) {
                        return record(call, attempt, "succeeded", result);
                    }
                    if (attempt > retryDelays.size() || !retriable(result)) {
                        return record(call, attempt, "failed", result);
                    }
                    log.info(
                            "Rule {} webhook call {} {} attempt {} failed ({}), retrying",
                            call.ruleId(),
                            call.method(),
                            call.url(),
                            attempt,
                            result.error() != null ? result.error() : result.statusCode());
                    return Mono.delay(retryDelays.get(attempt - 1))
                            .then(attempt(call, url, contentType, headers, body, attempt + 1));
                });
    }

    private static boolean retriable(AttemptResult result) {
        Integer status = result.statusCode();
        return status == null || status == 408 || status == 429 || status >= 500;
    }

    private Mono<Void> refused(Call call, String why) {
        log.warn(
                "Rule {} webhook call {} {} for ticket {} refused: {}",
                call.ruleId(),
                call.method(),
                call.url(),
                call.ticketId(),
                why);
        return insert(call, 0, "refused", null, null, why);
    }

    private Mono<Void> record(Call call, int attempts, String outcome, AttemptResult result) {
        String error = result.error() != null ? result.error() : result.succeeded() ? null : result.response();
        if (result.succeeded()) {
            log.info(
                    "Rule {} webhook call {} {} for ticket {}: {} in {} ms (attempt {})",
                    call.ruleId(),
                    call.method(),
                    call.url(),
                    call.ticketId(),
                    result.statusCode(),
                    result.latencyMs(),
                    attempts);
        } else {
            log.warn(
                    "Rule {} webhook call {} {} for ticket {} failed after {} attempt(s): {}",
                    call.ruleId(),
                    call.method(),
                    call.url(),
                    call.ticketId(),
                    attempts,
                    result.error() != null ? result.error() : result.statusCode());
        }
        return insert(call, attempts, outcome, result.statusCode(), result.latencyMs(), error);
    }

    private Mono<Void> insert(Call call, int attempts, String outcome, Integer status, Long latency, String error) {
        var sql = db.sql("insert into automation_webhook_call (command_id, rule_id, ticket_id, method, url,"
                        + " status_code, latency_ms, attempts, outcome, error) values (:command, :rule, :ticket,"
                        + " :method, :url, :status, :latency, :attempts, :outcome, :error)")
                .bind("command", call.commandId())
                .bind("method", call.method())
                .bind("url", call.url())
                .bind("attempts", attempts)
                .bind("outcome", outcome);
        sql = call.ruleId() == null ? sql.bindNull("rule", Long.class) : sql.bind("rule", call.ruleId());
        sql = call.ticketId() == null ? sql.bindNull("ticket", Long.class) : sql.bind("ticket", call.ticketId());
        sql = status == null ? sql.bindNull("status", Integer.class) : sql.bind("status", status);
        sql = latency == null ? sql.bindNull("latency", Long.class) : sql.bind("latency", latency);
        sql = error == null ? sql.bindNull("error", String.class) : sql.bind("error", abbreviate(error));
        return tx.transactional(sql.then()).contextWrite(Tenancy.of(call.tenant()));
    }

    /** The URL without any user-info (credentials are never logged or stored). */
    static String redacted(String url) {
        if (url == null) {
            return "";
        }
        try {
            URI uri = new URI(url.trim());
            if (uri.getRawUserInfo() == null) {
                return abbreviate(url);
            }
            return abbreviate(
                    new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null)
                            .toString());
        } catch (URISyntaxException e) {
            return abbreviate(url);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 497) + "...";
    }

    private record Call(TenantId tenant, String commandId, Long ruleId, Long ticketId, String method, String url) {}
}
