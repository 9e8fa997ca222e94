package dev.relaydesk.notification.api.rest;

import dev.relaydesk.notification.delivery.Delivery;
import dev.relaydesk.notification.delivery.WebhookDeliveries;
import dev.relaydesk.notification.webhook.SubscriptionRequest;
import dev.relaydesk.notification.webhook.WebhookSubscriptions;
import dev.relaydesk.platform.security.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The administrators' webhook API (platform dialect: JSON, errors as RFC 9457 problem details). Subscriptions,
 * their deliveries with every attempt, redelivery and test events.
 */
@RestController
@RequestMapping("/webhooks")
class WebhookEndpoints {

    private final WebhookSubscriptions subscriptions;
    private final WebhookDeliveries deliveries;

    WebhookEndpoints(WebhookSubscriptions subscriptions, WebhookDeliveries deliveries) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
    }

    @PostMapping("/subscriptions")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<SubscriptionView> create(Caller caller, @RequestBody SubscriptionRequest request) {
        return subscriptions
                .create(caller, request)
                .map(created -> SubscriptionView.of(created.subscription(), created.secret()));
    }

    @GetMapping("/subscriptions")
    Flux<SubscriptionView> list(Caller caller) {
        return subscriptions.list(caller).map(s -> SubscriptionView.of(s, null));
    }

    @GetMapping("/subscriptions/{id}")
    Mono<SubscriptionView> get(Caller caller, @PathVariable long id) {
        return subscriptions.get(caller, id).map(s -> SubscriptionView.of(s, null));
    }

    @PutMapping("/subscriptions/{id}")
    Mono<SubscriptionView> replace(Caller caller, @PathVariable long id, @RequestBody SubscriptionRequest request) {
        return subscriptions.replace(caller, id, request).map(s -> SubscriptionView.of(s, null));
    }

    @DeleteMapping("/subscriptions/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(Caller caller, @PathVariable long id) {
        return subscriptions.delete(caller, id);
    }

    @PostMapping("/subscriptions/{id}/rotate-secret")
    Mono<SubscriptionView> rotateSecret(Caller caller, @PathVariable long id) {
        return subscriptions
                .rotateSecret(caller, id)
                .map(rotated -> SubscriptionView.of(rotated.subscription(), rotated.secret()));
    }

    @GetMapping("/subscriptions/{id}/deliveries")
    Flux<Delivery> deliveries(
            Caller caller,
            @PathVariable long id,
            @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "50") int limit) {
        return deliveries.list(caller, id, status, limit);
    }

    @PostMapping("/subscriptions/{id}/test")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Delivery> test(Caller caller, @PathVariable long id) {
        return deliveries.test(caller, id);
    }

    @GetMapping("/deliveries/{id}")
    Mono<Delivery> delivery(Caller caller, @PathVariable long id) {
        return deliveries.get(caller, id);
    }

    @PostMapping("/deliveries/{id}/redeliver")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Delivery> redeliver(Caller caller, @PathVariable long id) {
        return deliveries.redeliver(caller, id);
    }
}
