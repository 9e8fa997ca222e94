package dev.relaydesk.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.netty.ReactorNetty;

/** The gateway's event loop count: one per processor unless the operator chose one. */
class GatewayApplicationTest {

    private String before;

    @BeforeEach
    void remember() {
        before = System.getProperty(ReactorNetty.IO_WORKER_COUNT);
        System.clearProperty(ReactorNetty.IO_WORKER_COUNT);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(ReactorNetty.IO_WORKER_COUNT);
        } else {
            System.setProperty(ReactorNetty.IO_WORKER_COUNT, before);
        }
    }

    @Test
    void oneEventLoopPerAvailableProcessorByDefault() {
        GatewayApplication.oneEventLoopPerProcessor();

        assertThat(System.getProperty(ReactorNetty.IO_WORKER_COUNT))
                .isEqualTo(Integer.toString(Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void anOperatorsOwnSettingIsKept() {
        System.setProperty(ReactorNetty.IO_WORKER_COUNT, "7");

        GatewayApplication.oneEventLoopPerProcessor();

        assertThat(System.getProperty(ReactorNetty.IO_WORKER_COUNT)).isEqualTo("7");
    }
}
