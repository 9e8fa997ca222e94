package dev.relaydesk.platform.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.r2dbc.spi.R2dbcRollbackException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.UncategorizedR2dbcException;
import reactor.core.publisher.Mono;

class TransientFailuresTest {

    private static R2dbcRollbackException deadlock() {
        return new R2dbcRollbackException("deadlock detected", "40P01");
    }

    /** Fails {@code failures} times with what the supplier gives, then answers how many attempts it took. */
    private static Mono<Integer> failing(int failures, java.util.function.Supplier<Throwable> failure) {
        AtomicInteger attempts = new AtomicInteger();
        return Mono.defer(() -> attempts.incrementAndGet() <= failures
                ? Mono.<Integer>error(failure.get())
                : Mono.just(attempts.get()));
    }

    @Test
    void aDeadlockIsRunAgainUntilItSucceeds() {
        assertThat(failing(2, TransientFailuresTest::deadlock)
                        .retryWhen(TransientFailures.retry())
                        .block())
                .isEqualTo(3);
    }

    @Test
    void aSerializationFailureWrappedBySpringCountsToo() {
        assertThat(failing(
                                1,
                                () -> new UncategorizedR2dbcException(
                                        "executeMany",
                                        "update ...",
                                        new R2dbcTransientResourceException("could not serialize access", "40001")))
                        .retryWhen(TransientFailures.retry())
                        .block())
                .isEqualTo(2);
    }

    @Test
    void otherFailuresAreNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        Mono<Integer> constraint = Mono.defer(() -> {
            attempts.incrementAndGet();
            return Mono.error(new DataIntegrityViolationException(
                    "duplicate key", new R2dbcRollbackException("duplicate key", "23505")));
        });
        assertThatThrownBy(() -> constraint.retryWhen(TransientFailures.retry()).block())
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void theLastDeadlockPassesThroughAsItIs() {
        assertThatThrownBy(() -> failing(10, TransientFailuresTest::deadlock)
                        .retryWhen(TransientFailures.retry())
                        .block())
                .isInstanceOf(R2dbcRollbackException.class)
                .hasMessage("deadlock detected");
        assertThat(TransientFailures.isTransient(new IllegalStateException("no cause")))
                .isFalse();
    }
}
