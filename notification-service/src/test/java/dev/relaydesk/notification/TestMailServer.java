package dev.relaydesk.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * A real SMTP server (GreenMail) on a random loopback port for the whole test JVM, started before the Spring context so
 * that {@code spring.mail.port} can point at it ({@code relaydesk.test.smtp-port}).
 */
public class TestMailServer implements TestExecutionListener {

    private static volatile GreenMail server;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        start();
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    static synchronized GreenMail start() {
        if (server == null) {
            int port = freePort();
            GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            mail.start();
            System.setProperty("relaydesk.test.smtp-port", Integer.toString(port));
            server = mail;
        }
        return server;
    }

    /** Every message received so far addressed to {@code address}. */
    static List<MimeMessage> messagesTo(String address) {
        return Arrays.stream(start().getReceivedMessages())
                .filter(message -> {
                    try {
                        return Arrays.stream(message.getAllRecipients())
                                .anyMatch(r -> r.toString().equalsIgnoreCase(address));
                    } catch (Exception e) {
                        return false;
                    }
                })
                .toList();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
