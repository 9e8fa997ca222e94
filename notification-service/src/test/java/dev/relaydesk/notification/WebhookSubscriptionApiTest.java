package dev.relaydesk.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WebhookSubscriptionApiTest extends NotificationTestSupport {

    private static Map<String, Object> request(String url, Object eventTypes) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("url", url);
        request.put("eventTypes", eventTypes);
        return request;
    }

    @Nested
    class OpenApi {

        @Test
        void theWebhookAndNotificationApiIsDescribedInOpenApi() {
            String doc = send("GET", "/webhooks/api-docs", admin(newTenant()), null)
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(doc)
                    .contains("\"openapi\":\"3.")
                    .contains("\"/webhooks/subscriptions\"")
                    .contains("\"/webhooks/subscriptions/{id}/rotate-secret\"")
                    .contains("\"/webhooks/deliveries/{id}/redeliver\"")
                    .contains("\"/notifications\"")
                    .contains("\"SubscriptionRequest\"")
                    .doesNotContain("\"caller\"");
        }
    }

    @Nested
    class Create {

        @Test
        void createsASubscriptionAndShowsItsSecretOnce() {
            String tenant = newTenant();
            Map<String, Object> request = request(WebhookReceiver.newEndpoint(), List.of("ticket.*", "comment.added"));
            request.put("categoryIds", List.of(5, 7));
            request.put("description", "CRM sync");
            Created created = subscribe(tenant, request);

            assertThat(fieldNames(created.body().toString()))
                    .containsExactly(
                            "id",
                            "url",
                            "eventTypes",
                            "categoryIds",
                            "active",
                            "description",
                            "createdAt",
                            "updatedAt",
                            "disabledAt",
                            "disabledReason",
                            "secret");
            assertThat(created.secret()).matches("whsec_[A-Za-z0-9+/]{43}=");
            assertThat(created.body().get("active").asBoolean()).isTrue();
            assertThat(created.body().get("categoryIds").toString()).isEqualTo("[5,7]");
            assertThat(created.body().get("eventTypes").toString()).isEqualTo("[\"ticket.*\",\"comment.added\"]");

            JsonNode read = jsonOf(getJson("/webhooks/subscriptions/" + created.id(), admin(tenant)));
            assertThat(read.has("secret")).isFalse();
            assertThat(read.get("description").asString()).isEqualTo("CRM sync");
        }

        @Test
        void aMissingUrlIsRejectedNamingTheParameter() {
            assertProblem(
                    send("POST", "/webhooks/subscriptions", admin(newTenant()), Map.of("eventTypes", List.of("*"))),
                    400,
                    "Parameter 'url' is required");
        }

        @Test
        void aUrlThatIsNotHttpIsRejected() {
            assertProblem(
                    send(
                            "POST",
                            "/webhooks/subscriptions",
                            admin(newTenant()),
                            request("ftp://example.com/hook", List.of("*"))),
                    400,
                    "Parameter 'url' must be an http(s) URL");
        }

        @Test
        void aMalformedUrlIsRejected() {
            assertProblem(
                    send(
                            "POST",
                            "/webhooks/subscriptions",
                            admin(newTenant()),
                            request("https://exa mple.com/", List.of("*"))),
                    400,
                    "Parameter 'url' is not a valid URL");
        }

        @Test
        void missingEventTypesAreRejected() {
            assertProblem(
                    send(
                            "POST",
                            "/webhooks/subscriptions",
                            admin(newTenant()),
                            Map.of("url", WebhookReceiver.newEndpoint())),
                    400,
                    "Parameter 'eventTypes' is required");
        }

        @Test
        void anUnknownEventTypeFormIsRejected() {
            assertProblem(
                    send(
                            "POST",
                            "/webhooks/subscriptions",
                            admin(newTenant()),
                            request(WebhookReceiver.newEndpoint(), List.of("Ticket.Created!"))),
                    400,
                    "Parameter 'eventTypes' has an invalid entry 'Ticket.Created!': use *, ticket.*, ticket.created"
                            + " or relaydesk.ticket.created.v1");
        }

        @Test
        void nonPositiveCategoryIdsAreRejected() {
            Map<String, Object> request = request(WebhookReceiver.newEndpoint(), List.of("*"));
            request.put("categoryIds", List.of(0));
            assertProblem(
                    send("POST", "/webhooks/subscriptions", admin(newTenant()), request),
                    400,
                    "Parameter 'categoryIds' must hold positive ids");
        }

        @Test
        void techniciansAndRegularUsersMayNotManageWebhooks() {
            String tenant = newTenant();
            Map<String, Object> request = request(WebhookReceiver.newEndpoint(), List.of("*"));
            assertProblem(
                    send("POST", "/webhooks/subscriptions", technician(tenant), request),
                    403,
                    "Only administrators may manage webhooks");
            assertProblem(
                    send("POST", "/webhooks/subscriptions", regular(tenant), request),
                    403,
                    "Only administrators may manage webhooks");
        }
    }

    @Nested
    class List_ {

        @Test
        void listsTheTenantsSubscriptionsWithoutSecrets() {
            String tenant = newTenant();
            Created first = subscribe(tenant, WebhookReceiver.newEndpoint(), "*");
            Created second = subscribe(tenant, WebhookReceiver.newEndpoint(), "ticket.created");
            subscribe(newTenant(), WebhookReceiver.newEndpoint(), "*");

            JsonNode list = jsonOf(getJson("/webhooks/subscriptions", admin(tenant)));
            assertThat(list.size()).isEqualTo(2);
            assertThat(list.get(0).get("id").asLong()).isEqualTo(first.id());
            assertThat(list.get(1).get("id").asLong()).isEqualTo(second.id());
            assertThat(list.get(0).has("secret")).isFalse();
        }

        @Test
        void regularUsersMayNotList() {
            assertProblem(
                    getJson("/webhooks/subscriptions", regular(newTenant())),
                    403,
                    "Only administrators may manage webhooks");
        }
    }

    @Nested
    class Get {

        @Test
        void anUnknownSubscriptionIsNotFound() {
            assertProblem(
                    getJson("/webhooks/subscriptions/987654321", admin(newTenant())),
                    404,
                    "Subscription 987654321 was not found");
        }

        @Test
        void anotherTenantsSubscriptionIsInvisible() {
            Created other = subscribe(newTenant(), WebhookReceiver.newEndpoint(), "*");
            assertProblem(
                    getJson("/webhooks/subscriptions/" + other.id(), admin(newTenant())),
                    404,
                    "Subscription " + other.id() + " was not found");
        }

        @Test
        void aNonNumericIdIsABadRequest() {
            getJson("/webhooks/subscriptions/abc", admin(newTenant()))
                    .expectStatus()
                    .isBadRequest();
        }
    }

    @Nested
    class Replace {

        @Test
        void replacesUrlEventTypesFilterAndState() {
            String tenant = newTenant();
            Created created = subscribe(tenant, WebhookReceiver.newEndpoint(), "*");
            String url = WebhookReceiver.newEndpoint();
            Map<String, Object> request = request(url, List.of("relaydesk.ticket.closed.v1"));
            request.put("active", false);
            request.put("description", "paused");

            JsonNode replaced = jsonOf(send("PUT", "/webhooks/subscriptions/" + created.id(), admin(tenant), request));
            assertThat(replaced.get("url").asString()).isEqualTo(url);
            assertThat(replaced.get("eventTypes").toString()).isEqualTo("[\"relaydesk.ticket.closed.v1\"]");
            assertThat(replaced.get("active").asBoolean()).isFalse();
            assertThat(replaced.get("categoryIds").isNull()).isTrue();
            assertThat(replaced.get("description").asString()).isEqualTo("paused");
        }

        @Test
        void anUnknownSubscriptionIsNotFound() {
            assertProblem(
                    send(
                            "PUT",
                            "/webhooks/subscriptions/987654321",
                            admin(newTenant()),
                            request(WebhookReceiver.newEndpoint(), List.of("*"))),
                    404,
                    "Subscription 987654321 was not found");
        }

        @Test
        void invalidInputIsRejected() {
            String tenant = newTenant();
            Created created = subscribe(tenant, WebhookReceiver.newEndpoint(), "*");
            assertProblem(
                    send(
                            "PUT",
                            "/webhooks/subscriptions/" + created.id(),
                            admin(tenant),
                            request(WebhookReceiver.newEndpoint(), List.of())),
                    400,
                    "Parameter 'eventTypes' is required");
        }

        @Test
        void regularUsersMayNotReplace() {
            String tenant = newTenant();
            Created created = subscribe(tenant, WebhookReceiver.newEndpoint(), "*");
            assertProblem(
                    send(
                            "PUT",
                            "/webhooks/subscriptions/" + created.id(),
                            regular(tenant),
                            request(WebhookReceiver.newEndpoint(), List.of("*"))),
                    403,
                    "Only administrators may manage webhooks");
        }
    }

    @Nested
    class Delete {

        @Test
        void deletesTheSubscription() {
            String tenant = newTenant();
            Created created = subscribe(tenant, WebhookReceiver.newEndpoint(), "*");
            send("DELETE", "/webhooks/subscriptions/" + created.id(), admin(tenant), null)
                    .expectStatus()
                    .isNoContent();
            assertProblem(
                    getJson("/webhooks/subscriptions/" + created.id(), admin(tenant)),
                    404,
                    "Subscription " + created.id() + " was not found");
        }

        @Test
        void anotherTenantCannotDeleteIt() {
            String tenant = newTenant();
            Created created = subscribe(tenant, WebhookReceiver.newEndpoint(), "*");
            assertProblem(
                    send("DELETE", "/webhooks/subscriptions/" + created.id(), admin(newTenant()), null),
                    404,
                    "Subscription " + created.id() + " was not found");
            getJson("/webhooks/subscriptions/" + created.id(), admin(tenant))
                    .expectStatus()
                    .isOk();
        }

        @Test
        void techniciansMayNotDelete() {
            String tenant = newTenant();
            Created created = subscribe(tenant, WebhookReceiver.newEndpoint(), "*");
            assertProblem(
                    send("DELETE", "/webhooks/subscriptions/" + created.id(), technician(tenant), null),
                    403,
                    "Only administrators may manage webhooks");
        }
    }

    @Nested
    class RotateSecret {

        @Test
        void issuesANewSecret() {
            String tenant = newTenant();
            Created created = subscribe(tenant, WebhookReceiver.newEndpoint(), "*");
            JsonNode rotated = jsonOf(
                    send("POST", "/webhooks/subscriptions/" + created.id() + "/rotate-secret", admin(tenant), null));
            assertThat(rotated.get("secret").asString()).startsWith("whsec_").isNotEqualTo(created.secret());
        }

        @Test
        void anUnknownSubscriptionIsNotFound() {
            assertProblem(
                    send("POST", "/webhooks/subscriptions/987654321/rotate-secret", admin(newTenant()), null),
                    404,
                    "Subscription 987654321 was not found");
        }

        @Test
        void regularUsersMayNotRotate() {
            String tenant = newTenant();
            Created created = subscribe(tenant, WebhookReceiver.newEndpoint(), "*");
            assertProblem(
                    send("POST", "/webhooks/subscriptions/" + created.id() + "/rotate-secret", regular(tenant), null),
                    403,
                    "Only administrators may manage webhooks");
        }
    }
}
