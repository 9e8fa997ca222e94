package dev.relaydesk.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MethodNameNormalizationTest {

    @Test
    void methodNamesOfThePrimaryDialectAreLowerCased() {
        assertThat(MethodNameNormalization.normalize("/api/Ticket")).isEqualTo("/api/ticket");
        assertThat(MethodNameNormalization.normalize("/Api/TICKETS")).isEqualTo("/api/tickets");
        assertThat(MethodNameNormalization.normalize("/api/Article/12")).isEqualTo("/api/article/12");
        assertThat(MethodNameNormalization.normalize("/User/Token")).isEqualTo("/user/token");
        assertThat(MethodNameNormalization.normalize("/KB/View/6-Sample-Article"))
                .isEqualTo("/kb/view/6-Sample-Article");
    }

    @Test
    void otherDialectsAndPlatformPathsAreLeftAlone() {
        assertThat(MethodNameNormalization.normalize("/api/v1/Tickets/5")).isEqualTo("/api/v1/Tickets/5");
        assertThat(MethodNameNormalization.normalize("/api/v2/users")).isEqualTo("/api/v2/users");
        assertThat(MethodNameNormalization.normalize("/api/create_ticket/")).isEqualTo("/api/create_ticket/");
        assertThat(MethodNameNormalization.normalize("/platform/whoami")).isEqualTo("/platform/whoami");
    }
}
