package dev.relaydesk.asset;

import dev.relaydesk.testkit.PlatformContract;
import dev.relaydesk.testkit.ServiceTest;

@ServiceTest
class AssetServicePlatformTest extends PlatformContract {

    AssetServicePlatformTest() {
        super("asset-service", "dev.relaydesk.asset");
    }
}
