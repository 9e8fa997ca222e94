package dev.relaydesk.testkit;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;
import reactor.blockhound.BlockHound;

/**
 * Installs BlockHound before any test runs, in every module that uses the test kit: a blocking call on an event-loop
 * thread then fails the request (and so the test) instead of quietly stalling a production server.
 */
public class BlockingCallDetection implements TestExecutionListener {

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        BlockHound.install(builder -> builder
                // SecureRandom seeding reads /dev/urandom once; UUIDs are cheap after that.
                .allowBlockingCallsInside("java.util.UUID", "randomUUID")
                // The same for a multipart body's boundary (a WebClient or WebTestClient sending a form with files):
                // its SecureRandom refills its buffer from /dev/urandom, which never blocks, now and then.
                .allowBlockingCallsInside("org.springframework.util.MimeTypeUtils", "generateMultipartBoundary")
                // Console logging in tests writes to stdout.
                .allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "writeOut")
                .allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "writeBytes"));
    }
}
