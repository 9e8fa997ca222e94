package dev.relaydesk.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** A backlog drains without waiting for the poll timer: a poll that claimed a full batch is followed by another. */
class DispatcherDrainTest {

    @Test
    void pollsAgainAtOnceWhileEachPollClaimsAFullBatch() {
        ArrayDeque<Long> claims = new ArrayDeque<>(List.of(200L, 200L, 200L, 37L, 200L));
        AtomicInteger polls = new AtomicInteger();
        Integer rounds = WebhookDispatcher.drain(
                        () -> {
                            polls.incrementAndGet();
                            return Mono.just(claims.poll());
                        },
                        200,
                        20)
                .block();
        assertThat(rounds).isEqualTo(4);
        assertThat(polls).hasValue(4);
    }

    @Test
    void aFullBacklogIsPolledAtMostTheBoundedNumberOfTimesPerTick() {
        AtomicInteger polls = new AtomicInteger();
        Integer rounds = WebhookDispatcher.drain(
                        () -> {
                            polls.incrementAndGet();
                            return Mono.just(200L);
                        },
                        200,
                        20)
                .block();
        assertThat(rounds).isEqualTo(20);
        assertThat(polls).hasValue(20);
    }

    @Test
    void aPollThatFindsLittleWorkIsTheOnlyOne() {
        AtomicInteger polls = new AtomicInteger();
        WebhookDispatcher.drain(
                        () -> {
                            polls.incrementAndGet();
                            return Mono.just(0L);
                        },
                        200,
                        20)
                .block();
        assertThat(polls).hasValue(1);
    }
}
