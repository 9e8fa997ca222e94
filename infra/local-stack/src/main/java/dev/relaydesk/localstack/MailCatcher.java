package dev.relaydesk.localstack;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The local stack's SMTP server: a real one (GreenMail) on loopback that accepts every message notification-service
 * sends and files each as an {@code .eml} file in one directory, so a developer reads the platform's mail with any mail
 * program or a text editor. Nothing is delivered anywhere else.
 */
final class MailCatcher implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(250);

    private final GreenMail server;
    private final Path directory;
    private final Thread filer;
    private int filed;

    private MailCatcher(GreenMail server, Path directory) {
        this.server = server;
        this.directory = directory;
        this.filer = Thread.ofVirtual().name("relaydesk-mail-filer").unstarted(this::fileUntilClosed);
    }

    /** Starts SMTP on {@code 127.0.0.1:port} and files every received message into {@code directory}. */
    static MailCatcher start(int port, Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        MailCatcher catcher = new MailCatcher(server, directory);
        catcher.filer.start();
        return catcher;
    }

    int port() {
        return server.getSmtp().getPort();
    }

    Path directory() {
        return directory;
    }

    private void fileUntilClosed() {
        while (!Thread.currentThread().isInterrupted()) {
            fileNewMessages();
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        fileNewMessages();
    }

    /** Writes the messages received since the last call as {@code <n>-<first recipient>.eml}. */
    synchronized void fileNewMessages() {
        MimeMessage[] received = server.getReceivedMessages();
        for (; filed < received.length; filed++) {
            MimeMessage message = received[filed];
            Path file = directory.resolve(String.format("%05d-%s.eml", filed + 1, recipientOf(message)));
            try (OutputStream out = Files.newOutputStream(file)) {
                message.writeTo(out);
            } catch (IOException | MessagingException e) {
                System.err.println("relaydesk: could not file mail " + file + ": " + e.getMessage());
            }
        }
    }

    private static String recipientOf(MimeMessage message) {
        try {
            var recipients = message.getAllRecipients();
            String to = recipients == null || recipients.length == 0 ? "unknown" : recipients[0].toString();
            return to.replaceAll("[^A-Za-z0-9@._-]", "_");
        } catch (MessagingException e) {
            return "unknown";
        }
    }

    @Override
    public void close() {
        filer.interrupt();
        try {
            filer.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fileNewMessages();
        server.stop();
    }
}
