package dev.relaydesk.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import org.junit.jupiter.api.Test;

/** The signing library against the Standard Webhooks specification's published test vector. */
class StandardWebhooksSigningTest {

    @Test
    void signsTheSpecificationsTestVector() throws Exception {
        String signature = new Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                .sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}");
        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }
}
