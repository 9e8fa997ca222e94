package dev.relaydesk.kb;

import dev.relaydesk.testkit.PlatformContract;
import dev.relaydesk.testkit.ServiceTest;

@ServiceTest
class KbServicePlatformTest extends PlatformContract {

    KbServicePlatformTest() {
        super("kb-service", "dev.relaydesk.kb");
    }
}
