package org.trucewatch.notifications;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import jakarta.mail.MessagingException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trucewatch.access.AccessService;
import org.trucewatch.review.EscalationJob;
import org.trucewatch.review.IncidentWorkflow;
import org.trucewatch.notifications.NotificationRepository.Pending;
import org.trucewatch.notifications.NotificationRepository.Preference;

/**
 * Turns the outbox of incident events (notification_pending, filled by a trigger in the
 * event's own transaction) into notices for the chair's staff whose grants cover the incident's
 * queue, as the access policy decides ({@link AccessService#chairsWorking}), then e-mails the
 * notices that are due. Every instance runs it; rows are taken with SKIP LOCKED, so none is
 * notified twice, and a notice is unique per user and event. The actor of an event is not told
 * of their own action.
 */
@Singleton
@Requires(property = "trucewatch.notifications.enabled", notEquals = "false")
class NotificationJob {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationJob.class);
    private static final int MAX_ATTEMPTS = 5;

    private final NotificationRepository notifications;
    private final AccessService access;
    private final Mailer mailer;
    private final NotificationTexts texts;
    private final Clock clock;
    private final String linkBase;
    private final Digests digests;

    NotificationJob(NotificationRepository notifications, AccessService access, Mailer mailer, NotificationTexts texts,
                    Clock clock, @Value("${trucewatch.notifications.link-base:http://localhost:8080}") String linkBase,
                    Digests digests) {
        this.digests = digests;
        this.notifications = notifications;
        this.access = access;
        this.mailer = mailer;
        this.texts = texts;
        this.clock = clock;
        this.linkBase = linkBase.endsWith("/") ? linkBase.substring(0, linkBase.length() - 1) : linkBase;
    }

    @Scheduled(fixedDelay = "${trucewatch.notifications.interval:1s}", initialDelay = "2s")
    void run() {
        try {
            while (notify(200) == 200) {
                // a full batch: more may be waiting
            }
            mail();
        } catch (RuntimeException e) {
            LOG.warn("notifications: {}", e.toString());
        }
    }

    @Scheduled(fixedDelay = "${trucewatch.notifications.digest-interval:5m}",
            initialDelay = "${trucewatch.notifications.digest-initial-delay:30s}")
    void runDigests() {
        try {
            digests.sendDue(clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("daily digests: {}", e.toString());
        }
    }

    /** Notices for up to {@code batch} pending events; answers how many events it took. */
    @Transactional
    public int notify(int batch) {
        List<Pending> pending = notifications.pending(batch);
        Instant now = now();
        for (Pending event : pending) {
            NotificationKind kind = kind(event);
            Set<String> recipients = new LinkedHashSet<>();
            access.chairsWorking(event.mechanism(), event.level(), event.team()).forEach(m -> recipients.add(m.username()));
            if (kind == NotificationKind.RELEASE) {
                // Only the holder is asked, while they still hold it and work the queue.
                recipients.retainAll(event.claimedBy() == null ? Set.of() : Set.of(event.claimedBy()));
            }
            recipients.remove(event.actor());
            if (recipients.isEmpty()) {
                continue;
            }
            Map<String, Preference> preferences = notifications.preferences(recipients);
            for (String user : recipients) {
                Preference p = preferences.get(user);
                if (kind == NotificationKind.NEW && event.severity() < p.minSeverity()) {
                    continue;
                }
                // A user who takes the daily digest gets no e-mail per notice (Digests sends theirs).
                String emailTo = mailer.configured() && p.email() != null && !p.digest() ? p.email() : null;
                notifications.add(user, kind.code(), event, emailTo, now);
            }
        }
        if (!pending.isEmpty()) {
            notifications.done(pending.stream().map(Pending::seq).toList());
        }
        return pending.size();
    }

    /** E-mails the notices due, each in its user's language; a failure is retried on later runs, up to 5 times. */
    @Transactional
    public void mail() {
        if (!mailer.configured()) {
            return;
        }
        for (NotificationRepository.Mail m : notifications.mailDue(50, MAX_ATTEMPTS)) {
            try {
                mailer.send(m.to(), texts.mail(m, m.language(), linkBase + "/app/#/incidents/" + m.incidentId()));
                notifications.mailed(m.id(), now());
            } catch (MessagingException e) {
                LOG.warn("notification {} to {}: {}", m.id(), m.username(), e.toString());
                notifications.mailFailed(m.id());
            }
        }
    }

    /** The incident event kinds the outbox holds (migrations V103, V104): created, escalation, position, release_request. */
    static NotificationKind kind(Pending event) {
        return switch (event.eventKind()) {
            case "created" -> NotificationKind.NEW;
            case IncidentWorkflow.RELEASE_REQUEST -> NotificationKind.RELEASE;
            case "escalation" -> EscalationJob.ACTOR.equals(event.actor()) ? NotificationKind.OVERDUE : NotificationKind.ESCALATED;
            default -> NotificationKind.POSITION;
        };
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
