package org.trucewatch.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.grant;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.trucewatch.access.AccessService;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.support.Api;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.Rows;
import org.trucewatch.support.ServiceInstances;
import org.trucewatch.support.TestProtocols;
import org.trucewatch.support.TestUsers;

/**
 * The daily situation report is issued once per period however many instances run the
 * scheduler: two service contexts on one database issue the same day at the same moment, over
 * and over, and one report is stored, with one {@code report.issue} audit event, its content's
 * SHA-256 and the day's figures (counted here with an independent query).
 */
class IssuedReportIT {
    private static ApplicationContext instance(boolean server) {
        return ServiceInstances.start(server, java.util.Map.of("trucewatch.reports.daily.enabled", "true",
                "trucewatch.reports.daily.initial-delay", "1h"));
    }

    @Test
    void twoContextsRunningTheSchedulerAtOnceIssueEachDailyReportOnce() throws Exception {
        String mechanism = "daily-" + UUID.randomUUID().toString().substring(0, 8);
        ZoneId beirut = ZoneId.of("Asia/Beirut");
        try (ApplicationContext a = instance(true); ApplicationContext b = instance(false)) {
            a.getBean(MechanismService.class).load(TestProtocols.lebanonLike(mechanism)
                    .replace("\"smallCellThreshold\": 3,", "\"smallCellThreshold\": 3,\n \"dailyReport\": {\"cutoff\": \"19:30\"},"),
                    "test");
            assertThat(b.getBean(MechanismService.class).protocol(mechanism)).isPresent();
            // The last 19:30 in Beirut that has passed ends the day to be issued.
            ZonedDateTime now = ZonedDateTime.now(beirut);
            ZonedDateTime end = now.toLocalDate().atTime(19, 30).atZone(beirut);
            end = end.isAfter(now) ? now.toLocalDate().minusDays(1).atTime(19, 30).atZone(beirut) : end;
            Api monitor = new TestUsers(a.getBean(AccessService.class), new Api(a.getBean(EmbeddedServer.class).getURI()))
                    .as("daily-monitor", grant("monitor", mechanism));
            for (int n = 1; n <= 3; n++) {
                // Two in the day, one just before it (at the cut-off the day before, minus a minute).
                OffsetDateTime at = n < 3 ? end.minusHours(n * 2L).toOffsetDateTime()
                        : end.minusDays(1).minusMinutes(1).toOffsetDateTime();
                assertThat(monitor.post("/api/v1/reports", "application/geo+json", ReportJson.valid()
                        .point(35.1 + n * 0.1, 33.2).withText("mechanism", mechanism).withText("category", "EXPLOSION")
                        .withText("observedAt", at.toString()).json()).status()).isEqualTo(201);
            }

            DailyReports one = a.getBean(DailyReports.class);
            DailyReports two = b.getBean(DailyReports.class);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> runs = new ArrayList<>();
            for (DailyReports job : List.of(one, two, one, two)) {
                runs.add(pool.submit(() -> {
                    start.await();
                    int issued = 0;
                    for (int i = 0; i < 5; i++) {
                        issued += job.issueDue();
                    }
                    return issued;
                }));
            }
            start.countDown();
            for (Future<Integer> f : runs) {
                f.get();
            }
            pool.shutdown();

            assertThat(Rows.count("SELECT count(*) FROM issued_report WHERE mechanism_code = ?", mechanism)).isEqualTo(1);
            assertThat(Rows.count("SELECT count(*) FROM audit_event WHERE action = 'report.issue' AND target_id = "
                    + "(SELECT id::text FROM issued_report WHERE mechanism_code = ?)", mechanism)).isEqualTo(1);
            Instant from = Instant.parse(Rows.text("SELECT to_char(period_start AT TIME ZONE 'UTC', "
                    + "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM issued_report WHERE mechanism_code = ?", mechanism));
            Instant to = Instant.parse(Rows.text("SELECT to_char(period_end AT TIME ZONE 'UTC', "
                    + "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM issued_report WHERE mechanism_code = ?", mechanism));
            assertThat(to).isEqualTo(end.toInstant());
            assertThat(from.atZone(beirut).toLocalTime()).isEqualTo(LocalTime.of(19, 30));
            assertThat(Duration.between(from, to).toHours()).isBetween(23L, 25L);
            long inDay = Rows.count("SELECT count(*) FROM incident WHERE mechanism_code = ? AND observed_at >= "
                    + "(SELECT period_start FROM issued_report WHERE mechanism_code = ?) AND observed_at < "
                    + "(SELECT period_end FROM issued_report WHERE mechanism_code = ?)", mechanism, mechanism, mechanism);
            assertThat(inDay).isEqualTo(2);
            String content = Rows.text("SELECT content FROM issued_report WHERE mechanism_code = ?", mechanism);
            JsonNode internal = new ObjectMapper().readTree(content).path("audiences").path("internal");
            assertThat(internal.path("totals").path("incidents").path("value").asLong()).isEqualTo(inDay);
            assertThat(internal.path("byCategory").path("rows").get(0).path("key").path("category").asText()).isEqualTo("EXPLOSION");
            assertThat(internal.path("byCategory").path("rows").get(0).path("values").path("incidents").path("value").asLong())
                    .isEqualTo(2);
            assertThat(Rows.count("SELECT count(*) FROM issued_report WHERE mechanism_code = ? "
                    + "AND sha256 = sha256(convert_to(content, 'UTF8'))", mechanism)).isEqualTo(1);
        }
    }
}
