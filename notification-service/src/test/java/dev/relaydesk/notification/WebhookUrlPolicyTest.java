package dev.relaydesk.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.notification.webhook.WebhookUrlPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The production policy (https only, public addresses only); IP literals, so no DNS is involved. */
class WebhookUrlPolicyTest {

    private final WebhookUrlPolicy strict = new WebhookUrlPolicy(false, false);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://127.0.0.1/hook",
                "https://10.1.2.3/hook",
                "https://172.16.0.1/hook",
                "https://192.168.1.1/hook",
                "https://169.254.169.254/latest/meta-data",
                "https://100.64.0.1/hook",
                "https://0.0.0.0/hook",
                "https://[::1]/hook",
                "https://[fd00::1]/hook",
                "https://[fe80::1]/hook",
                "https://[::ffff:10.0.0.1]/hook"
            })
    void privateLoopbackAndLinkLocalAddressesAreRejected(String url) {
        assertThatThrownBy(() -> strict.check(url).block())
                .isInstanceOf(ApiException.class)
                .hasMessage("Parameter 'url' must not point to a private, loopback or link-local address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://93.184.215.14/hook", "https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/x"})
    void publicHttpsAddressesAreAccepted(String url) {
        assertThat(strict.check(url).block()).isEqualTo(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://93.184.215.14/hook", "ftp://93.184.215.14/hook"})
    void onlyHttpsIsAcceptedByDefault(String url) {
        assertThatThrownBy(() -> strict.check(url).block())
                .isInstanceOf(ApiException.class)
                .hasMessage("Parameter 'url' must be https");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://user:pw@93.184.215.14/hook", "https:///nohost"})
    void credentialsAndMissingHostsAreRejected(String url) {
        assertThatThrownBy(() -> strict.check(url).block()).isInstanceOf(ApiException.class);
    }
}
