package dev.relaydesk.notification.mail;

import dev.relaydesk.notification.NotificationProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Sends plain-text e-mail over SMTP ({@code spring.mail.*}; without {@code spring.mail.host} nothing is sent). JavaMail blocks, so every message is sent on the bounded elastic scheduler, never
 * on an event-loop or Kafka listener thread; a failure is logged and counted, and never fails the caller.
 */
@Component
public class Mailer {

    private static final Logger log = LoggerFactory.getLogger(Mailer.class);

    private final JavaMailSender sender; // null when no SMTP server is configured (spring.mail.host)
    private final NotificationProperties.Mail settings;
    private final MeterRegistry meters;

    public Mailer(ObjectProvider<JavaMailSender> sender, NotificationProperties properties, MeterRegistry meters) {
        this.sender = sender.getIfAvailable();
        if (this.sender == null && properties.mail().enabled()) {
            log.warn("No SMTP server configured (spring.mail.host): e-mail notifications are not sent");
        }
        this.settings = properties.mail();
        this.meters = meters;
    }

    /** Whether e-mail can be sent at all (an SMTP server is configured and e-mail is enabled). */
    public boolean enabled() {
        return sender != null && settings.enabled();
    }

    /** Sends in the background. */
    public void send(String to, String subject, String text) {
        sendLater(to, subject, text).subscribe();
    }

    /** Completes when the message was handed to the SMTP server (or failed, which is logged). */
    public Mono<Void> sendLater(String to, String subject, String text) {
        if (sender == null || !settings.enabled() || to == null || to.isBlank()) {
            return Mono.empty();
        }
        return Mono.fromRunnable(() -> {
                    SimpleMailMessage message = new SimpleMailMessage();
                    message.setFrom(settings.from());
                    message.setTo(to);
                    message.setSubject(subject);
                    message.setText(text);
                    sender.send(message);
                })
                .subscribeOn(Schedulers.boundedElastic())
                .doOnSuccess(ignored -> meters.counter("relaydesk.notifications.mail", "outcome", "sent")
                        .increment())
                .onErrorResume(e -> {
                    log.warn("Cannot send e-mail '{}': {}", subject, e.toString());
                    meters.counter("relaydesk.notifications.mail", "outcome", "failed")
                            .increment();
                    return Mono.empty();
                })
                .then();
    }
}
