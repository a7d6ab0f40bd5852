package org.trucewatch.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/** A real SMTP server for the notification tests (GreenMail on a free local port) and the service's properties for it. */
public final class Smtp {
    private Smtp() {
    }

    public static GreenMail start() {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        return smtp;
    }

    /** The settings that send the service's notification e-mails to {@code smtp}. */
    public static Map<String, String> properties(GreenMail smtp) {
        return Map.of("trucewatch.notifications.smtp.host", "127.0.0.1",
                "trucewatch.notifications.smtp.port", String.valueOf(smtp.getSmtp().getPort()));
    }
}
