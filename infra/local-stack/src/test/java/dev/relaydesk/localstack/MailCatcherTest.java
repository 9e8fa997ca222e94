package dev.relaydesk.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailCatcherTest {

    @TempDir
    Path home;

    @Test
    void everyMessageSentOverSmtpIsFiledAsAnEmlFile() throws Exception {
        Path directory = home.resolve("mail");
        try (MailCatcher catcher = MailCatcher.start(0, directory)) {
            send(catcher.port(), "jo@example.com", "Ticket #12 received", "We got your ticket.");
            send(catcher.port(), "ann@example.com", "Ticket #12 closed", "Closed.");
            catcher.fileNewMessages();

            List<Path> files;
            try (Stream<Path> listing = Files.list(directory)) {
                files = listing.sorted().toList();
            }
            assertThat(files)
                    .extracting(file -> file.getFileName().toString())
                    .containsExactly("00001-jo@example.com.eml", "00002-ann@example.com.eml");
            assertThat(Files.readString(files.getFirst()))
                    .contains("Subject: Ticket #12 received")
                    .contains("We got your ticket.");
        }
    }

    private static void send(int port, String to, String subject, String text) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(port));
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress("relaydesk@localhost"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setText(text);
        Transport.send(message);
    }
}
