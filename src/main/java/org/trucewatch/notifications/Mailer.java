package org.trucewatch.notifications;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Sends a plain-text e-mail through the configured SMTP server (Jakarta Mail, Eclipse Angus).
 * Without {@code trucewatch.notifications.smtp.host} nothing is sent and no notice is queued
 * for e-mail (docs/notifications.md).
 */
@Singleton
class Mailer {
    private final String host;
    private final String from;
    private final Session session;

    Mailer(@Value("${trucewatch.notifications.smtp.host:}") String host,
           @Value("${trucewatch.notifications.smtp.port:25}") int port,
           @Value("${trucewatch.notifications.smtp.from:trucewatch@localhost}") String from,
           @Value("${trucewatch.notifications.smtp.username:}") String username,
           @Value("${trucewatch.notifications.smtp.password:}") String password,
           @Value("${trucewatch.notifications.smtp.starttls:false}") boolean starttls) {
        this.host = host;
        this.from = from;
        Properties p = new Properties();
        p.put("mail.smtp.host", host);
        p.put("mail.smtp.port", String.valueOf(port));
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "10000");
        p.put("mail.smtp.writetimeout", "10000");
        p.put("mail.smtp.starttls.enable", String.valueOf(starttls));
        p.put("mail.smtp.starttls.required", String.valueOf(starttls));
        boolean auth = !username.isEmpty();
        p.put("mail.smtp.auth", String.valueOf(auth));
        session = auth ? Session.getInstance(p, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(username, password);
            }
        }) : Session.getInstance(p);
    }

    boolean configured() {
        return !host.isBlank();
    }

    void send(String to, NotificationTexts.Message message) throws MessagingException {
        MimeMessage mail = new MimeMessage(session);
        mail.setFrom(new InternetAddress(from));
        mail.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
        mail.setSubject(message.subject(), StandardCharsets.UTF_8.name());
        mail.setText(message.body(), StandardCharsets.UTF_8.name());
        Transport.send(mail);
    }
}
