package org.trucewatch.notifications;

import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import jakarta.mail.MessagingException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trucewatch.notifications.NotificationRepository.Mail;
import org.trucewatch.notifications.NotificationRepository.Preference;

/**
 * The daily digest (docs/notifications.md): a user who chose it gets no e-mail per notice but,
 * once a day after {@code trucewatch.notifications.digest-at} (in {@code digest-zone}), one
 * e-mail listing their notices since the last digest (the last day, for the first). Every
 * instance may run it; each user's digest of a day is claimed by one insert in the transaction
 * that sends it, so it goes out once, and a failed send is tried again on a later run.
 */
@Singleton
class Digests {
    private static final Logger LOG = LoggerFactory.getLogger(Digests.class);

    private final NotificationRepository notifications;
    private final Mailer mailer;
    private final NotificationTexts texts;
    private final LocalTime at;
    private final ZoneId zone;
    private final String linkBase;

    Digests(NotificationRepository notifications, Mailer mailer, NotificationTexts texts,
            @Value("${trucewatch.notifications.digest-at}") String at,
            @Value("${trucewatch.notifications.digest-zone}") String zone,
            @Value("${trucewatch.notifications.link-base:http://localhost:8080}") String linkBase) {
        this.notifications = notifications;
        this.mailer = mailer;
        this.texts = texts;
        this.at = LocalTime.parse(at);
        this.zone = ZoneId.of(zone);
        this.linkBase = (linkBase.endsWith("/") ? linkBase.substring(0, linkBase.length() - 1) : linkBase) + "/app/#/incidents/";
    }

    /** Sends the digests due at {@code now}, each in its own transaction; answers how many e-mails went out. */
    int sendDue(Instant now) {
        if (!mailer.configured()) {
            return 0;
        }
        ZonedDateTime local = now.atZone(zone);
        if (local.toLocalTime().isBefore(at)) {
            return 0; // today's digest is not due yet
        }
        int sent = 0;
        for (Preference p : notifications.digestsDue(local.toLocalDate())) {
            try {
                sent += send(p, local.toLocalDate(), now.truncatedTo(ChronoUnit.MICROS)) ? 1 : 0;
            } catch (RuntimeException e) {
                LOG.warn("daily digest for {}: {}", p.username(), e.toString());
            }
        }
        return sent;
    }

    /** One user's digest of one day: claimed, then sent in the same transaction; false when another instance had it. */
    @Transactional
    public boolean send(Preference p, LocalDate day, Instant now) {
        Instant last = notifications.lastDigest(p.username());
        List<Mail> notices = notifications.noticesBetween(p.username(), last != null ? last : now.minus(1, ChronoUnit.DAYS), now);
        if (!notifications.claimDigest(p.username(), day, now, notices.size()) || notices.isEmpty()) {
            return false;
        }
        try {
            mailer.send(p.email(), texts.digest(notices, p.language(), linkBase));
        } catch (MessagingException e) {
            throw new IllegalStateException("the SMTP server refused the digest", e); // the claim rolls back
        }
        return true;
    }
}
