package org.trucewatch.mechanisms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trucewatch.taxonomy.Taxonomy;

/** Routing and violation rules on the shipped sample protocols, without a database. */
class IncidentRouterTest {
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    static MechanismProtocol sample(String code) throws Exception {
        try (InputStream in = IncidentRouterTest.class.getClassLoader().getResourceAsStream("mechanisms/" + code + ".json")) {
            return ProtocolReader.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), new Taxonomy(new ObjectMapper()));
        }
    }

    static ZoneHit in(String code, String type) {
        return new ZoneHit(code, type, "inside", false, false);
    }

    @Test
    void theLowestLevelWhoseTeamOwnsTheAreaTakesIt() throws Exception {
        MechanismProtocol co = sample("colombia-mmv");
        Routing r = IncidentRouter.route(co, "SMALL_ARMS_FIRE", List.of(), List.of(
                in("co-aor-regional-antioquia", "area_of_responsibility"),
                in("co-aor-local-anori", "area_of_responsibility")), NOW);

        assertThat(r.level()).isEqualTo("local");
        assertThat(r.team()).isEqualTo("mmv-local-anori");
        assertThat(r.areas()).contains("co-aor-regional-antioquia");
        assertThat(IncidentRouter.teamFor(co.levelAbove("local").orElseThrow(), r.areas())).isEqualTo("mmv-regional-antioquia");
    }

    @Test
    void aCertainAreaWinsOverAStraddledOneAndAStraddledOneOverTriage() throws Exception {
        MechanismProtocol co = sample("colombia-mmv");
        ZoneHit straddles = new ZoneHit("co-aor-local-vista-hermosa", "area_of_responsibility", "indeterminate", false, false);
        assertThat(IncidentRouter.route(co, "OTHER", List.of(), List.of(straddles,
                in("co-aor-local-anori", "area_of_responsibility")), NOW).team()).isEqualTo("mmv-local-anori");
        assertThat(IncidentRouter.route(co, "OTHER", List.of(), List.of(straddles), NOW).team()).isEqualTo("mmv-local-vista-hermosa");
    }

    @Test
    void outsideEveryAreaGoesToTheChairsTriageQueueWithATriageDeadline() throws Exception {
        Routing r = IncidentRouter.route(sample("colombia-mmv"), "EXPLOSION", List.of(), List.of(), NOW);
        assertThat(r.isTriage()).isTrue();
        assertThat(r.deadline()).isEqualTo(NOW.plus(Duration.ofHours(24)));
    }

    @Test
    void armedForcesInASecurityZoneBreachTheProtocolAndRaiseTheSeverity() throws Exception {
        MechanismProtocol co = sample("colombia-mmv");
        List<ZoneHit> hits = List.of(in("CO-TZ-1-SZ", "security_zone"), in("co-aor-local-vista-hermosa", "area_of_responsibility"));

        Routing government = IncidentRouter.route(co, "ARMED_PRESENCE", List.of("GOV-CO"), hits, NOW);
        Routing unknown = IncidentRouter.route(co, "ARMED_PRESENCE", List.of(), hits, NOW);

        assertThat(government.violations()).extracting(Routing.MatchedRule::rule).containsExactly("armed-forces-in-zone");
        assertThat(government.severity()).isEqualTo(5);
        assertThat(government.deadline()).isEqualTo(NOW.plus(Duration.ofHours(24)));
        assertThat(unknown.violations()).isEmpty();
        assertThat(unknown.severity()).isEqualTo(2);
    }

    @Test
    void armedPresenceSouthOfTheLitaniIsAViolationUnlessByTheLebaneseArmy() throws Exception {
        MechanismProtocol lb = sample("lebanon-tripartite");
        List<ZoneHit> hits = List.of(in("LB-AOL", "area_of_limitation"));
        assertThat(IncidentRouter.violations(lb, "ARMED_PRESENCE", List.of("LAF"), hits)).isEmpty();
        assertThat(IncidentRouter.violations(lb, "ARMED_PRESENCE", List.of(), hits)).hasSize(1);
        assertThat(IncidentRouter.violations(lb, "ARMED_PRESENCE", List.of("LAF", "UNKNOWN"), hits)).hasSize(1);
    }

    @Test
    void anyCrossingOfTheLineIsAViolationButBeingNearItIsNot() throws Exception {
        MechanismProtocol lb = sample("lebanon-tripartite");
        ZoneHit crosses = new ZoneHit("LB-BLUE-LINE", "ceasefire_line", "outside", true, true);
        ZoneHit near = new ZoneHit("LB-BLUE-LINE", "ceasefire_line", "outside", false, true);
        assertThat(IncidentRouter.violations(lb, "HEAVY_WEAPONS_MOVEMENT", List.of(), List.of(crosses)))
                .extracting(Routing.MatchedRule::rule).containsExactly("blue-line-crossing");
        assertThat(IncidentRouter.violations(lb, "HEAVY_WEAPONS_MOVEMENT", List.of(), List.of(near))).isEmpty();
        assertThat(IncidentRouter.violations(lb, "INDIRECT_FIRE", List.of(), List.of(near)))
                .extracting(Routing.MatchedRule::rule).containsExactly("fire-near-line");
    }
}
