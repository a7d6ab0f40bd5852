package org.trucewatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.trucewatch.support.AuditSeals;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestDatabase;

/** The operator commands, run in-process against the test database as the jar would run them. */
class OperatorCommandsIT {

    private static Map<String, Object> properties() {
        Map<String, Object> p = new HashMap<>(TestDatabase.get().properties());
        p.put("micronaut.security.token.jwt.signatures.secret.generator.secret", "x".repeat(64));
        return p;
    }

    private static String[] run(String stdin, String... args) {
        PrintStream out = System.out;
        InputStream in = System.in;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            int code = OperatorCommands.run(args, properties());
            return new String[] {String.valueOf(code), captured.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setIn(in);
        }
    }

    @Test
    void usersAddCreatesAUserWithAGrantAndAudits() {
        String name = "cli-" + UUID.randomUUID().toString().substring(0, 8);

        String[] result = run("a long enough password\n", "users", "add", name, "--role", "chair",
                "--mechanism", "colombia-mmv", "--level", "national");

        assertThat(result[0]).isEqualTo("0");
        assertThat(result[1]).contains(name).contains("colombia-mmv");
        assertThat(Rows.count("SELECT count(*) FROM user_grant g JOIN app_user u ON u.id = g.user_id "
                + "WHERE u.username = ? AND g.role = 'chair' AND g.level_code = 'national'", name)).isEqualTo(1);
        assertThat(Rows.count("SELECT count(*) FROM audit_event WHERE action = 'user.create' AND target_id = ?", name))
                .isEqualTo(1);
    }

    @Test
    void aShortPasswordIsRefusedWithExitCode2() {
        assertThat(run("short\n", "users", "add", "cli-short-" + UUID.randomUUID().toString().substring(0, 4))[0])
                .isEqualTo("2");
    }

    @Test
    void auditVerifyReportsAnIntactChainWithItsHead() {
        String[] result = run("", "audit", "verify");
        assertThat(result[0]).isEqualTo("0");
        assertThat(result[1]).contains("\"intact\":true").contains("headHash");
    }

    @Test
    void auditVerifySealsWhatAStoppedServiceLeftUnsealed() throws Exception {
        long seq = AuditSeals.insertUnsealed("test.stopped", "stopped-" + UUID.randomUUID(), Instant.now());

        String[] result = run("", "audit", "verify");

        assertThat(result[0]).as(result[1]).isEqualTo("0");
        assertThat(AuditSeals.sealed(seq)).isTrue();
        assertThat(result[1]).contains("\"intact\":true").doesNotContain("warning");
    }

    @Test
    void auditVerifyExits3WhenRowsWaitTooLongForTheirSeal() throws Exception {
        long seq;
        try (AutoCloseable noSealer = AuditSeals.holdSealerLock()) {
            seq = AuditSeals.insertUnsealed("test.stalled", "stalled-" + UUID.randomUUID(),
                    Instant.now().minus(Duration.ofMinutes(1)));

            String[] result = run("", "audit", "verify");

            assertThat(result[0]).as(result[1]).isEqualTo("3");
            assertThat(result[1]).contains("\"intact\":true").contains("\"oldestUnsealedSeq\":" + seq)
                    .contains("warning");
        }
        assertThat(run("", "audit", "verify")[0]).isEqualTo("0");
        assertThat(AuditSeals.sealed(seq)).isTrue();
    }

    @Test
    void anUnknownCommandPrintsUsage() {
        assertThat(run("", "frobnicate")[0]).isEqualTo("2");
    }
}
