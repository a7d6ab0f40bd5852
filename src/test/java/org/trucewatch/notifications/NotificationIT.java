package org.trucewatch.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.delegate;
import static org.trucewatch.support.TestUsers.grant;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.support.Api;
import org.trucewatch.support.Poll;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.Rows;
import org.trucewatch.support.Smtp;
import org.trucewatch.support.TestDatabase;
import org.trucewatch.support.TestProtocols;
import org.trucewatch.support.TestUsers;

/**
 * Notifications end to end (issue 17, item 6) against a real SMTP server (GreenMail): a new
 * incident reaches, in the app and by e-mail in their language, the chairs of its queue whose
 * threshold it meets, once each, within 5 s; a party's position reaches them too; settings are
 * validated; notices are marked read.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationIT implements PostgisFixture {
    static final String MECH = "notify-mech";
    static final String JSON = "application/json";
    static final Duration WITHIN = Duration.ofSeconds(5);

    GreenMail smtp;

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    MechanismService mechanisms;
    @Inject
    Digests digests;

    Api monitor;
    Api tellMe;
    Api onlySevere;
    Api delegateA;
    String tellMeName;

    /** Called more than once by the test framework: one SMTP server, started on the first call. */
    @Override
    public Map<String, String> getProperties() {
        if (smtp == null) {
            smtp = Smtp.start();
        }
        Map<String, String> p = new HashMap<>(TestDatabase.get().properties());
        p.putAll(Smtp.properties(smtp));
        p.put("trucewatch.notifications.smtp.from", "trucewatch@mission.example");
        p.put("trucewatch.notifications.interval", "200ms");
        p.put("trucewatch.notifications.link-base", "https://trucewatch.example.org");
        // The daily digest is due at any time of day here, and sent only when the test asks.
        p.put("trucewatch.notifications.digest-at", "00:00");
        p.put("trucewatch.notifications.digest-initial-delay", "1h");
        return p;
    }

    @BeforeAll
    void setUp() {
        TestProtocols.load(mechanisms, MECH);
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        monitor = users.as("monitor", grant("monitor", MECH));
        tellMeName = users.create("chair", grant("chair", MECH));
        tellMe = users.signIn(tellMeName);
        onlySevere = users.as("chair", grant("chair", MECH));
        delegateA = users.as("delegate", delegate(MECH, "PARTY-A"));
        assertThat(tellMe.put("/api/v1/notifications/preferences", JSON,
                "{\"email\":\"chair-a@mission.example\",\"minSeverity\":3,\"language\":\"fr\"}").status()).isEqualTo(200);
        assertThat(onlySevere.put("/api/v1/notifications/preferences", JSON,
                "{\"email\":\"chair-b@mission.example\",\"minSeverity\":4,\"language\":\"en\"}").status()).isEqualTo(200);
    }

    @AfterAll
    void stopSmtp() {
        smtp.stop();
    }

    private String incident(String category, double at) {
        Api.Answer a = monitor.post("/api/v1/reports", "application/geo+json", ReportJson.valid().point(at, at)
                .withText("mechanism", MECH).withText("category", category).json());
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return Rows.text("SELECT incident_id::text FROM incident_report WHERE report_id = ?",
                UUID.fromString(a.json().path("id").asText()));
    }

    private static List<String> ids(JsonNode notices, String kind) {
        return java.util.stream.StreamSupport.stream(notices.spliterator(), false)
                .filter(n -> n.path("kind").asText().equals(kind)).map(n -> n.path("incidentId").asText()).toList();
    }

    private MimeMessage[] mailTo(String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().equals(address));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toArray(MimeMessage[]::new);
    }

    /** The decoded text of a mail (its body is sent quoted-printable). */
    private static String text(MimeMessage m) {
        try {
            return m.getContent().toString();
        } catch (IOException | jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aNewIncidentReachesTheChairsWhoseThresholdItMeetsInTheAppAndByMailOnceWithinFiveSeconds() throws Exception {
        String id = incident("SMALL_ARMS_FIRE", 40.1);
        assertThat(Rows.text("SELECT severity::text FROM incident WHERE id = ?", UUID.fromString(id))).isEqualTo("3");

        JsonNode notices = Poll.until("the in-app notice", WITHIN, () -> tellMe.get("/api/v1/notifications?unread=true").json(),
                n -> ids(n, "new").contains(id));
        assertThat(notices.get(0).path("severity").asInt()).isEqualTo(3);
        MimeMessage[] mails = Poll.until("the e-mail", WITHIN, () -> mailTo("chair-a@mission.example"),
                m -> Arrays.stream(m).anyMatch(x -> text(x).contains(id)));
        MimeMessage mail = Arrays.stream(mails).filter(x -> text(x).contains(id)).findFirst().orElseThrow();
        assertThat(mail.getSubject()).startsWith("[TruceWatch] Nouvel incident");
        assertThat(text(mail)).contains("https://trucewatch.example.org/app/#/incidents/" + id);

        // Below the other chair's threshold: nothing for them, in the app or by mail.
        assertThat(Rows.count("SELECT count(*) FROM notification WHERE incident_id = ? AND kind = 'new'",
                UUID.fromString(id))).isEqualTo(1);
        assertThat(ids(onlySevere.get("/api/v1/notifications").json(), "new")).doesNotContain(id);
        assertThat(mailTo("chair-b@mission.example")).noneMatch(x -> text(x).contains(id));
        assertThat(Rows.count("SELECT count(*) FROM notification_pending")).as("the outbox drained").isZero();
    }

    @Test
    void aSevereIncidentAndAPartysPositionReachBothChairs() throws Exception {
        String id = incident("INDIRECT_FIRE", 40.3);
        Poll.until("both chairs' notices", WITHIN, () -> Rows.count(
                "SELECT count(*) FROM notification WHERE incident_id = ? AND kind = 'new'", UUID.fromString(id)), n -> n == 2);
        Poll.until("the English e-mail", WITHIN, () -> mailTo("chair-b@mission.example"),
                m -> Arrays.stream(m).anyMatch(x -> text(x).contains(id)));
        assertThat(delegateA.post("/api/v1/incidents/" + id + "/positions", JSON,
                "{\"party\":\"PARTY-A\",\"position\":\"disputes\"}").status()).isEqualTo(200);
        Poll.until("the position notice", WITHIN, () -> ids(tellMe.get("/api/v1/notifications").json(), "position"),
                l -> l.contains(id));
        assertThat(Rows.count("SELECT count(*) FROM notification WHERE incident_id = ? AND username = ?",
                UUID.fromString(id), tellMeName)).as("one notice per event").isEqualTo(2);
    }

    @Test
    void noticesAreMarkedReadAndSettingsAreChecked() throws Exception {
        String id = incident("INDIRECT_FIRE", 40.5);
        Poll.until("the notice", WITHIN, () -> tellMe.get("/api/v1/notifications?unread=true").json(), n -> ids(n, "new")
                .contains(id));
        Api.Answer read = tellMe.post("/api/v1/notifications/read", JSON, "{}");
        assertThat(read.status()).isEqualTo(200);
        assertThat(tellMe.get("/api/v1/notifications?unread=true").json().size()).isZero();
        assertThat(ids(tellMe.get("/api/v1/notifications").json(), "new")).contains(id);

        Api.Answer bad = tellMe.put("/api/v1/notifications/preferences", JSON,
                "{\"email\":\"not an address\",\"minSeverity\":9,\"language\":\"de\"}");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.json().path("errors").toString()).contains("/email").contains("/minSeverity").contains("/language");
        JsonNode kept = tellMe.get("/api/v1/notifications/preferences").json();
        assertThat(kept.path("minSeverity").asInt()).isEqualTo(3);
        assertThat(kept.path("emailAvailable").asBoolean()).isTrue();
        assertThat(tellMe.get("/api/v1/notifications?limit=0").status()).isEqualTo(400);
    }

    /**
     * "Ask to release" (issue 17, item 2): the holder alone is asked, in the app and by e-mail in
     * their language; the request is in the history for the chair's staff, not for a delegate;
     * nobody asks for an incident held by nobody or by themselves, nor twice in ten minutes.
     */
    @Test
    void aChairAsksTheHolderAloneToReleaseAnIncident() throws Exception {
        String id = incident("INDIRECT_FIRE", 40.7);
        assertThat(onlySevere.post("/api/v1/incidents/" + id + "/release-request", JSON, "{}").status())
                .as("held by nobody yet").isEqualTo(409);
        assertThat(tellMe.post("/api/v1/incidents/" + id + "/claim", JSON, "{}").status()).isEqualTo(200);
        JsonNode seen = onlySevere.get("/api/v1/incidents/" + id).json();
        assertThat(seen.path("claimedBy").asText()).isEqualTo(tellMeName);
        assertThat(seen.path("actions").toString()).contains("\"askRelease\"").doesNotContain("\"claim\"");
        assertThat(tellMe.get("/api/v1/incidents/" + id).json().path("actions").toString()).doesNotContain("askRelease");

        Api.Answer asked = onlySevere.post("/api/v1/incidents/" + id + "/release-request", JSON,
                "{\"text\":\"the regional meeting needs it\"}");
        assertThat(asked.status()).as(asked.toString()).isEqualTo(200);
        Poll.until("the holder's notice", WITHIN, () -> ids(tellMe.get("/api/v1/notifications").json(), "release"),
                l -> l.contains(id));
        MimeMessage mail = Poll.until("the holder's e-mail", WITHIN, () -> Arrays.stream(mailTo("chair-a@mission.example"))
                        .filter(x -> text(x).contains(id) && text(x).contains("Demande de libération")).toList(),
                l -> !l.isEmpty()).get(0);
        assertThat(mail.getSubject()).startsWith("[TruceWatch] Demande de libération");
        assertThat(Rows.count("SELECT count(*) FROM notification WHERE incident_id = ? AND kind = 'release'",
                UUID.fromString(id))).as("the holder alone, once").isEqualTo(1);
        assertThat(Rows.count("SELECT count(*) FROM incident_event WHERE incident_id = ? AND kind = 'release_request'"
                + " AND body = ?", UUID.fromString(id), tellMeName + ": the regional meeting needs it")).isEqualTo(1);

        Api.Answer again = onlySevere.post("/api/v1/incidents/" + id + "/release-request", JSON, "{}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(again.json().path("detail").asText()).contains("ten minutes");
        assertThat(tellMe.post("/api/v1/incidents/" + id + "/release-request", JSON, "{}").status())
                .as("the holder asks themselves").isEqualTo(409);
        Api.Answer tooLong = onlySevere.post("/api/v1/incidents/" + id + "/release-request", JSON,
                "{\"text\":\"" + "x".repeat(1001) + "\"}");
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.json().path("errors").toString()).contains("/text");
        assertThat(delegateA.post("/api/v1/incidents/" + id + "/release-request", JSON, "{}").status()).isEqualTo(403);

        assertThat(delegateA.get("/api/v1/incidents/" + id).json().path("history").toString())
                .doesNotContain("release_request").doesNotContain("regional meeting");
        assertThat(onlySevere.get("/api/v1/incidents/" + id).json().path("history").toString()).contains("release_request");
    }

    /**
     * The daily digest: a chair who chose it gets no e-mail per notice, then one e-mail, in their
     * language, listing the notices since; sent once however often the job runs, and a settings
     * change asking for a digest without an address is refused naming the field.
     */
    @Test
    void aChairWhoChoseTheDailyDigestGetsOneEMailListingTheNotices() throws Exception {
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        String name = users.create("chair", grant("chair", MECH));
        Api digester = users.signIn(name);
        Api.Answer noAddress = digester.put("/api/v1/notifications/preferences", JSON, "{\"minSeverity\":3,\"digest\":true}");
        assertThat(noAddress.status()).isEqualTo(422);
        assertThat(noAddress.json().path("errors").toString()).contains("/digest");
        Api.Answer chose = digester.put("/api/v1/notifications/preferences", JSON,
                "{\"email\":\"digest@mission.example\",\"minSeverity\":3,\"language\":\"es\",\"digest\":true}");
        assertThat(chose.status()).as(chose.toString()).isEqualTo(200);
        assertThat(chose.json().path("digest").asBoolean()).isTrue();

        String first = incident("INDIRECT_FIRE", 41.1);
        String second = incident("SMALL_ARMS_FIRE", 41.3);
        Poll.until("both notices", WITHIN, () -> ids(digester.get("/api/v1/notifications").json(), "new"),
                l -> l.contains(first) && l.contains(second));
        // The other chair's own e-mail of the second incident is out: the mailer has run past both notices.
        Poll.until("the per-notice e-mail of another chair", WITHIN, () -> mailTo("chair-a@mission.example"),
                m -> Arrays.stream(m).anyMatch(x -> text(x).contains(second)));
        assertThat(mailTo("digest@mission.example")).as("no e-mail per notice").isEmpty();
        assertThat(Rows.count("SELECT count(*) FROM notification WHERE username = ? AND email_to IS NOT NULL", name)).isZero();

        java.time.Instant now = java.time.Instant.now();
        int sent = digests.sendDue(now);
        assertThat(sent).isGreaterThanOrEqualTo(1);
        MimeMessage[] mails = Poll.until("the digest", WITHIN, () -> mailTo("digest@mission.example"), m -> m.length == 1);
        assertThat(mails[0].getSubject()).startsWith("[TruceWatch] Resumen diario");
        String body = text(mails[0]);
        assertThat(body).contains("https://trucewatch.example.org/app/#/incidents/" + first)
                .contains("https://trucewatch.example.org/app/#/incidents/" + second);
        assertThat(body.indexOf(first)).as("oldest first").isLessThan(body.indexOf(second));
        assertThat(Rows.text("SELECT notices::text FROM notification_digest WHERE username = ?", name)).isEqualTo("2");

        assertThat(digests.sendDue(now.plusSeconds(60))).as("once a day").isZero();
        assertThat(mailTo("digest@mission.example")).hasSize(1);
    }
}
