package org.trucewatch.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.trucewatch.taxonomy.Taxonomy;

/**
 * The words of a notice in the reader's language (en, fr, es, ar: resources
 * notifications/texts.json; the category from the taxonomy's own labels). An e-mail leaves the
 * mission's network, so it carries no more than the reference, the category, the severity and
 * a link; a sensitive category (sexual violence, recruitment of children) is not even named.
 */
@Singleton
class NotificationTexts {
    static final String RESOURCE = "notifications/texts.json";

    private final JsonNode texts;
    private final Taxonomy taxonomy;

    NotificationTexts(ObjectMapper mapper, Taxonomy taxonomy) {
        this.taxonomy = taxonomy;
        try (InputStream in = NotificationTexts.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            texts = mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** A subject line and a plain-text body. */
    record Message(String subject, String body) {
    }

    Message mail(NotificationRepository.Mail m, String language, String link) {
        JsonNode t = language(language);
        String kind = t.path("kinds").path(m.kind()).asText(m.kind());
        String reference = m.reference() != null ? m.reference() : m.incidentId().toString();
        String category = taxonomy.isSensitive(m.category()) ? t.path("sensitive").asText() : categoryLabel(m.category(), language);
        return new Message(fill(t.path("subject").asText(), kind, reference, category, m, link),
                fill(t.path("body").asText(), kind, reference, category, m, link));
    }

    /** One e-mail listing the notices (oldest first), a line each: kind, reference, category, severity, link. */
    Message digest(java.util.List<NotificationRepository.Mail> notices, String language, String linkBase) {
        JsonNode t = language(language);
        StringBuilder body = new StringBuilder(t.path("digestIntro").asText()).append("\n");
        for (NotificationRepository.Mail m : notices) {
            String kind = t.path("kinds").path(m.kind()).asText(m.kind());
            String reference = m.reference() != null ? m.reference() : m.incidentId().toString();
            String category = taxonomy.isSensitive(m.category()) ? t.path("sensitive").asText() : categoryLabel(m.category(), language);
            body.append("\n- ").append(kind).append(": ").append(reference).append(", ").append(category).append(", ")
                    .append(m.severity()).append("/5 — ").append(linkBase).append(m.incidentId());
        }
        body.append(t.path("digestFooter").asText());
        return new Message(t.path("digestSubject").asText().replace("{n}", String.valueOf(notices.size())), body.toString());
    }

    private static String fill(String template, String kind, String reference, String category,
                               NotificationRepository.Mail m, String link) {
        return template.replace("{kind}", kind).replace("{reference}", reference).replace("{category}", category)
                .replace("{severity}", String.valueOf(m.severity())).replace("{mechanism}", m.mechanism())
                .replace("{link}", link);
    }

    private String categoryLabel(String code, String language) {
        for (JsonNode c : taxonomy.document().path("categories")) {
            if (c.path("code").asText().equals(code)) {
                return c.path("labels").path(language).asText(c.path("labels").path("en").asText(code));
            }
        }
        return code;
    }

    private JsonNode language(String language) {
        JsonNode t = texts.path(language);
        return t.isMissingNode() ? texts.path("en") : t;
    }
}
