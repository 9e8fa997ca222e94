package dev.relaydesk.platform;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Proves the test kit's BlockHound is active, so the other tests would catch a blocking call on an event loop. */
class BlockingCallDetectionTest {

    @Test
    void aBlockingCallOnANonBlockingThreadFails() {
        assertThatThrownBy(() -> Mono.fromCallable(() -> {
                            Thread.sleep(1);
                            return 1;
                        })
                        .subscribeOn(Schedulers.parallel())
                        .block())
                .hasMessageContaining("Blocking call");
    }
}
