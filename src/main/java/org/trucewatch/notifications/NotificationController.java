package org.trucewatch.notifications;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.transaction.annotation.Transactional;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.trucewatch.access.AccessPolicy;
import org.trucewatch.access.AccessService;
import org.trucewatch.access.Principal;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;

/** The caller's notices and their notification settings (docs/notifications.md). */
@Controller("/api/v1/notifications")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Notifications")
@SecurityRequirement(name = "bearer")
class NotificationController {
    private static final Set<String> LANGUAGES = Set.of("en", "fr", "es", "ar");

    private final NotificationRepository notifications;
    private final AccessService access;
    private final AccessPolicy policy;
    private final Mailer mailer;
    private final Clock clock;

    NotificationController(NotificationRepository notifications, AccessService access, AccessPolicy policy, Mailer mailer,
                           Clock clock) {
        this.notifications = notifications;
        this.access = access;
        this.policy = policy;
        this.mailer = mailer;
        this.clock = clock;
    }

    /** Input of {@code POST /read}: the notices to mark read; none named: all of the caller's. */
    record ReadCommand(@Nullable List<Long> ids) {
    }

    /** The caller's settings; {@code email} null: in the app only. {@code emailAvailable}: an SMTP server is configured. */
    record PreferencesView(String email, int minSeverity, String language, boolean digest, boolean emailAvailable) {
    }

    /** Input of {@code PUT /preferences}. */
    record PreferencesCommand(@Nullable String email, @Nullable Integer minSeverity, @Nullable String language,
                              @Nullable Boolean digest) {
    }

    @Operation(summary = "The caller's notices, newest first: new incidents at or above their severity, overdue items, "
            + "escalations received, positions recorded, in the queues they chair")
    @Get
    @Transactional(readOnly = true)
    List<NotificationRepository.Notice> list(Authentication auth, @QueryValue(defaultValue = "false") boolean unread,
                                             @QueryValue(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 500) {
            throw ProblemException.invalidParameter("limit", "must be 1 to 500");
        }
        Principal user = access.principal(auth);
        return notifications.of(user.username(), policy.scope(user).incidents("i"), unread, limit);
    }

    @Operation(summary = "Mark the caller's notices read (those named, or all)")
    @Post("/read")
    @Transactional
    java.util.Map<String, Integer> read(Authentication auth, @Body ReadCommand command) {
        List<Long> ids = command == null || command.ids() == null ? List.of() : new ArrayList<>(command.ids());
        return java.util.Map.of("marked", notifications.markRead(auth.getName(), ids,
                clock.instant().truncatedTo(ChronoUnit.MICROS)));
    }

    @Operation(summary = "The caller's notification settings")
    @Get("/preferences")
    @Transactional(readOnly = true)
    PreferencesView preferences(Authentication auth) {
        NotificationRepository.Preference p = notifications.preference(auth.getName());
        return new PreferencesView(p.email(), p.minSeverity(), p.language(), p.digest(), mailer.configured());
    }

    @Operation(summary = "Set the caller's notification settings: e-mail address (null: in the app only), the lowest "
            + "severity of a new incident to be told of (1 to 5), the language of the e-mails (en, fr, es, ar), and whether "
            + "the e-mails come as one daily digest instead of one per notice")
    @Put("/preferences")
    @Transactional
    PreferencesView setPreferences(Authentication auth, @Body PreferencesCommand command) {
        List<FieldError> errors = new ArrayList<>();
        String email = command.email() == null || command.email().isBlank() ? null : command.email().strip();
        if (email != null && !email.matches("[^@\\s]{1,64}@[^@\\s]{1,255}")) {
            errors.add(FieldError.at("/email", "is not an e-mail address"));
        }
        int severity = command.minSeverity() == null ? 4 : command.minSeverity();
        if (severity < 1 || severity > 5) {
            errors.add(FieldError.at("/minSeverity", "must be 1 to 5"));
        }
        String language = command.language() == null ? "en" : command.language();
        if (!LANGUAGES.contains(language)) {
            errors.add(FieldError.at("/language", "must be one of en, fr, es, ar"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_INPUT, "The notification settings are not valid", errors);
        }
        boolean digest = Boolean.TRUE.equals(command.digest());
        if (digest && email == null) {
            errors.add(FieldError.at("/digest", "a daily digest needs an e-mail address"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_INPUT, "The notification settings are not valid", errors);
        }
        notifications.save(new NotificationRepository.Preference(auth.getName(), email, severity, language, digest),
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        return preferences(auth);
    }
}
