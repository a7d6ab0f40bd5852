package org.trucewatch.mechanisms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.grant;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.support.Api;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.TestDatabase;
import org.trucewatch.support.TestUsers;

/**
 * The enums are the one definition of the workflow's vocabulary ({@link IncidentStatus},
 * {@link Finding}, {@link PartyPosition}, {@link Severity}); this fails when what the API
 * serves, or what the database applies (the status functions of migration V21, the CHECK
 * constraints), drifts from them.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncidentVocabularyIT implements PostgisFixture {
    static final List<String> LANGUAGES = List.of("en", "fr", "es", "ar");
    private static final Pattern QUOTED = Pattern.compile("'([a-z_]+)'");

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;

    @Test
    void theApiServesTheEnumsInOrderWithTheirRulesAndALabelInEveryLanguage() {
        Api reader = new TestUsers(access, new Api(server.getURI())).as("gis", grant("gis_analyst", "lebanon-tripartite"));
        Api.Answer answer = reader.get("/api/v1/vocabulary");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode v = answer.json();

        List<String> statuses = new ArrayList<>();
        for (JsonNode s : v.path("statuses")) {
            IncidentStatus status = IncidentStatus.of(s.path("code").asText());
            statuses.add(status.code());
            assertThat(s.path("open").asBoolean()).as(status + " open").isEqualTo(status.isOpen());
            assertThat(s.path("onAgenda").asBoolean()).as(status + " on agenda").isEqualTo(status.isOnAgenda());
            assertThat(s.path("recordsFinding").asBoolean()).as(status + " records finding")
                    .isEqualTo(status.recordsFinding());
            assertLabelled(s);
        }
        assertThat(statuses).containsExactlyElementsOf(codes(IncidentStatus.values(), IncidentStatus::code));
        assertThat(codesOf(v.path("findings"))).containsExactlyElementsOf(codes(Finding.values(), Finding::code));
        assertThat(codesOf(v.path("positions"))).containsExactlyElementsOf(codes(PartyPosition.values(), PartyPosition::code));
        v.path("findings").forEach(IncidentVocabularyIT::assertLabelled);
        v.path("positions").forEach(IncidentVocabularyIT::assertLabelled);
        assertThat(v.path("severity").path("min").asInt()).isEqualTo(Severity.MIN);
        assertThat(v.path("severity").path("max").asInt()).isEqualTo(Severity.MAX);
        assertThat(v.path("triageLevel").asText()).isEqualTo(QueueId.TRIAGE);
        assertThat(v.path("statuses").get(0).path("labels").path("en").asText()).isEqualTo("Received");
    }

    @Test
    void theDatabaseFunctionsAgreeWithTheEnumForEveryStatus() throws SQLException {
        try (Connection c = TestDatabase.get().connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT incident_status_is_open(?), incident_status_is_on_agenda(?)")) {
            for (IncidentStatus s : IncidentStatus.values()) {
                ps.setString(1, s.code());
                ps.setString(2, s.code());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getBoolean(1)).as("incident_status_is_open('" + s.code() + "')").isEqualTo(s.isOpen());
                    assertThat(rs.getBoolean(2)).as("incident_status_is_on_agenda('" + s.code() + "')")
                            .isEqualTo(s.isOnAgenda());
                }
            }
        }
    }

    @Test
    void theCheckConstraintsAllowExactlyTheEnumsCodes() throws SQLException {
        assertThat(allowed("ck_incident_status")).isEqualTo(new TreeSet<>(codes(IncidentStatus.values(), IncidentStatus::code)));
        assertThat(allowed("ck_incident_finding")).isEqualTo(new TreeSet<>(codes(Finding.values(), Finding::code)));
        assertThat(allowed("ck_party_position")).isEqualTo(new TreeSet<>(codes(PartyPosition.values(), PartyPosition::code)));
    }

    /** The function is inlined, so the overdue scan still reads the partial index of open incidents (V6). */
    @Test
    void theOverdueScanStillUsesThePartialIndexOfOpenIncidents() throws SQLException {
        try (Connection c = TestDatabase.get().connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SET LOCAL enable_seqscan = off");
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = s.executeQuery("EXPLAIN SELECT id FROM incident WHERE deadline < now() "
                    + "AND incident_status_is_open(status)")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            c.rollback();
            assertThat(plan.toString()).contains("idx_incident_open_deadline");
        }
    }

    private static TreeSet<String> allowed(String constraint) throws SQLException {
        try (Connection c = TestDatabase.get().connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = ?")) {
            ps.setString(1, constraint);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as(constraint).isTrue();
                TreeSet<String> out = new TreeSet<>();
                Matcher m = QUOTED.matcher(rs.getString(1));
                while (m.find()) {
                    out.add(m.group(1));
                }
                return out;
            }
        }
    }

    private static void assertLabelled(JsonNode term) {
        assertThat(iterable(term.path("labels").fieldNames())).as(term.path("code").asText()).containsExactlyElementsOf(LANGUAGES);
        term.path("labels").forEach(l -> assertThat(l.asText()).as(term.path("code").asText()).isNotBlank());
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }

    private static List<String> codesOf(JsonNode terms) {
        List<String> out = new ArrayList<>();
        terms.forEach(t -> out.add(t.path("code").asText()));
        return out;
    }

    private static <E> List<String> codes(E[] values, Function<E, String> code) {
        return Arrays.stream(values).map(code).toList();
    }
}
