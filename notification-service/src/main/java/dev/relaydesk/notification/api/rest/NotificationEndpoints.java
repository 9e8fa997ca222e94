package dev.relaydesk.notification.api.rest;

import dev.relaydesk.notification.inapp.InAppNotifications;
import dev.relaydesk.notification.inapp.Notification;
import dev.relaydesk.platform.security.Caller;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Every user's own in-app notifications (platform dialect). */
@RestController
@RequestMapping("/notifications")
class NotificationEndpoints {

    private final InAppNotifications notifications;

    NotificationEndpoints(InAppNotifications notifications) {
        this.notifications = notifications;
    }

    @GetMapping
    Flux<Notification> mine(
            Caller caller,
            @RequestParam(defaultValue = "false") boolean unreadOnly,
            @RequestParam(defaultValue = "50") int limit) {
        return notifications.mine(caller, unreadOnly, limit);
    }

    @PostMapping("/{id}/read")
    Mono<Notification> read(Caller caller, @PathVariable long id) {
        return notifications.markRead(caller, id);
    }

    @PostMapping("/read-all")
    Mono<Map<String, Long>> readAll(Caller caller) {
        return notifications.markAllRead(caller).map(n -> Map.of("updated", n));
    }
}
