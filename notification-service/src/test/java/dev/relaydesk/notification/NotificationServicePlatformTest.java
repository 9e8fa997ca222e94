package dev.relaydesk.notification;

import dev.relaydesk.testkit.PlatformContract;
import dev.relaydesk.testkit.ServiceTest;

@ServiceTest
class NotificationServicePlatformTest extends PlatformContract {

    NotificationServicePlatformTest() {
        super("notification-service", "dev.relaydesk.notification");
    }
}
