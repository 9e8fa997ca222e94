package dev.relaydesk.automation;

import dev.relaydesk.testkit.PlatformContract;
import dev.relaydesk.testkit.ServiceTest;

@ServiceTest
class AutomationServicePlatformTest extends PlatformContract {

    AutomationServicePlatformTest() {
        super("automation-service", "dev.relaydesk.automation");
    }
}
