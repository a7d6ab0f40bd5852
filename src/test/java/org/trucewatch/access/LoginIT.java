package org.trucewatch.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.support.Api;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.Rows;
import org.trucewatch.problem.ProblemType;
import org.trucewatch.support.TestUsers;

/**
 * Sign-in over HTTP, and its throttling. The test's own connection (127.0.0.1) plays the
 * trusted reverse proxy, so an {@code X-Forwarded-For} header stands for the client's address;
 * each test takes its own documentation addresses (RFC 5737) so that tests do not share
 * counters. {@link LoginWithoutTrustedProxyIT} shows the header ignored when nothing is trusted.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginIT implements PostgisFixture {
    static final int FIRST_DELAY_S = 30;
    static final int MAX_PER_ADDRESS = 12;
    static final int WINDOW_S = 15 * 60;
    private final AtomicInteger nextAddress = new AtomicInteger(1);
    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    Api anonymous;
    TestUsers users;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(PostgisFixture.super.getProperties());
        p.put("trucewatch.security.trusted-proxies", "127.0.0.1,::1");
        // Long enough that no slow machine sees the first delay run out between two requests.
        p.put("trucewatch.security.login.first-delay", FIRST_DELAY_S + "s");
        // Low, so that spraying is shown in a few requests (each costs an Argon2 hash).
        p.put("trucewatch.security.login.max-failures-per-address", String.valueOf(MAX_PER_ADDRESS));
        return p;
    }

    @BeforeAll
    void setUp() {
        anonymous = new Api(server.getURI());
        users = new TestUsers(access, anonymous);
    }

    private Api.Answer login(String username, String password) {
        return anonymous.post("/login", "application/json",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    /** A sign-in from {@code address}, as the trusted proxy reports it. */
    private Api.Answer login(String username, String password, String address) {
        return anonymous.send(HttpRequest.newBuilder(anonymous.base().resolve("/login"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", address)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")));
    }

    /** A client address of its own for each use (TEST-NET-2). */
    private String address() {
        return "198.51.100." + nextAddress.getAndIncrement();
    }

    private static Api.Answer get(Api client, String path, String address) {
        return client.send(HttpRequest.newBuilder(client.base().resolve(path)).header("X-Forwarded-For", address).GET());
    }

    /**
     * The same refusal on a device path (ODK Collect's form list): an OpenRosa error message, as
     * every answer there (forms/OpenRosaHeaderFilter), with the same Retry-After and detail.
     */
    static void assertTooManyRequestsInOpenRosa(Api.Answer answer, long minSeconds, long maxSeconds) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(429);
        assertThat(answer.contentType()).startsWith("text/xml");
        assertThat(answer.header("X-OpenRosa-Version")).isEqualTo("1.0");
        long retryAfter = Long.parseLong(answer.header("Retry-After"));
        assertThat(retryAfter).isGreaterThan(minSeconds).isLessThanOrEqualTo(maxSeconds);
        assertThat(answer.body()).contains("<OpenRosaResponse").contains("nature=\"error\"")
                .contains("Too many failed sign-ins from this address; retry in " + retryAfter + " s");
    }

    /** A 429 problem with Retry-After at most {@code maxSeconds}, and more than {@code minSeconds}. */
    static void assertTooManyRequests(Api.Answer answer, long minSeconds, long maxSeconds) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(429);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        long retryAfter = Long.parseLong(answer.header("Retry-After"));
        assertThat(retryAfter).isGreaterThan(minSeconds).isLessThanOrEqualTo(maxSeconds);
        JsonNode problem = answer.json();
        assertThat(problem.path("type").asText()).isEqualTo("/problems/too-many-requests");
        assertThat(problem.path("code").asText()).isEqualTo("too-many-requests");
        assertThat(problem.path("title").asText()).isEqualTo(ProblemType.TOO_MANY_REQUESTS.title());
        assertThat(problem.path("status").asInt()).isEqualTo(429);
        assertThat(problem.path("detail").asText())
                .isEqualTo("Too many failed sign-ins from this address; retry in " + retryAfter + " s");
    }

    private static long failuresAudited(String username, String address) {
        return Rows.count("SELECT count(*) FROM audit_event WHERE action = 'login.fail' AND actor = ? AND details = ?",
                username, "{\"address\":\"" + address + "\"}");
    }

    @Test
    void aSignInAnswersMicronautsTokenShapeAndTheTokenWorks() {
        String name = users.create("chair", TestUsers.grant("chair", "login-mech"));
        Api.Answer answer = login(name, TestUsers.PASSWORD);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("token_type").asText()).isEqualToIgnoringCase("bearer");
        assertThat(answer.json().path("access_token").asText()).contains(".");
        assertThat(answer.json().path("roles").toString()).contains("chair");
        Api.Answer me = anonymous.withBearer(answer.json().path("access_token").asText()).get("/api/v1/me");
        assertThat(me.json().path("username").asText()).isEqualTo(name);
    }

    @Test
    void aWrongPasswordAndAnUnknownNameGetTheSame401AndAreAudited() {
        String name = users.create("someone");
        long before = Rows.count("SELECT count(*) FROM audit_event WHERE action = 'login.fail' AND actor = ?", name);

        Api.Answer wrongPassword = login(name, "not the password at all");
        Api.Answer unknown = login("nobody-" + name, TestUsers.PASSWORD);

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(wrongPassword.contentType()).startsWith("application/problem+json");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.json().path("detail")).isEqualTo(wrongPassword.json().path("detail"));
        assertThat(Rows.count("SELECT count(*) FROM audit_event WHERE action = 'login.fail' AND actor = ?", name))
                .isEqualTo(before + 1);
    }

    @Test
    void failuresFromOneAddressSlowThatAddressDownWhileTheOwnerSignsInFromAnother() {
        String name = users.create("monitor", TestUsers.grant("monitor", "login-mech"));
        Api signedInBefore = users.signIn(name);
        String attacker = address();
        String owner = address();

        for (int i = 0; i < 3; i++) {
            Api.Answer failure = login(name, "guess number " + i, attacker);
            assertThat(failure.status()).as(failure.toString()).isEqualTo(401);
        }
        // (a) The attacker's address now waits, right password or not; the wait is the first delay.
        assertTooManyRequests(login(name, TestUsers.PASSWORD, attacker), 0, FIRST_DELAY_S);
        assertTooManyRequestsInOpenRosa(anonymous.withBasic(name, TestUsers.PASSWORD).send(
                HttpRequest.newBuilder(anonymous.base().resolve("/formList")).header("X-Forwarded-For", attacker).GET()),
                0, FIRST_DELAY_S);
        assertThat(failuresAudited(name, attacker)).as("audited under the client's address, not the proxy's").isEqualTo(3);

        // (b) The owner, from another address, is not refused.
        Api.Answer ownerSignIn = login(name, TestUsers.PASSWORD, owner);
        assertThat(ownerSignIn.status()).as(ownerSignIn.toString()).isEqualTo(200);
        Api signedInAfter = anonymous.withBearer(ownerSignIn.json().path("access_token").asText());
        assertThat(get(signedInAfter, "/api/v1/me", owner).json().path("username").asText()).isEqualTo(name);

        // (c) A token issued before keeps working, even from the throttled address: bearer
        // tokens never reach the limiter.
        Api.Answer me = get(signedInBefore, "/api/v1/me", attacker);
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().path("username").asText()).isEqualTo(name);
    }

    @Test
    void anAddressSprayingManyNamesIsRefusedAsAWholeAndOnlyThatAddress() {
        String name = users.create("chair", TestUsers.grant("chair", "login-mech"));
        Api signedInBefore = users.signIn(name);
        String sprayer = address();
        for (int i = 0; i < MAX_PER_ADDRESS; i++) {
            Api.Answer failure = login("nobody-" + UUID.randomUUID(), TestUsers.PASSWORD, sprayer);
            assertThat(failure.status()).as(failure.toString()).isEqualTo(401);
        }
        // (e) Refused for every name, a real one with its right password included, until the window ends.
        Api.Answer refused = login(name, TestUsers.PASSWORD, sprayer);
        assertTooManyRequests(refused, FIRST_DELAY_S, WINDOW_S);
        String another = "nobody-" + UUID.randomUUID();
        assertTooManyRequests(login(another, "whatever password", sprayer), FIRST_DELAY_S, WINDOW_S);
        assertThat(failuresAudited(another, sprayer)).as("a refused attempt checks no password").isZero();

        assertThat(login(name, TestUsers.PASSWORD, address()).status()).as("elsewhere").isEqualTo(200);
        assertThat(get(signedInBefore, "/api/v1/me", sprayer).status()).as("a token, from the sprayer's address").isEqualTo(200);
    }

    @Test
    void aSuccessClearsTheFailuresOfThatNameFromThatAddress() {
        String name = users.create("monitor");
        String address = address();
        assertThat(login(name, "mistyped once", address).status()).isEqualTo(401);
        assertThat(login(name, "mistyped twice", address).status()).isEqualTo(401);
        assertThat(login(name, TestUsers.PASSWORD, address).status()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(login(name, "mistyped again " + i, address).status()).as("three free failures again").isEqualTo(401);
        }
        assertTooManyRequests(login(name, TestUsers.PASSWORD, address), 0, FIRST_DELAY_S);
    }

    @Test
    void aDisabledOrRevokedUserSeesNothingFurther() {
        String name = users.create("monitor", TestUsers.grant("monitor", "login-mech"));
        Api monitor = users.signIn(name);
        var grant = access.view(name).grants().get(0);
        access.revoke("test", name, grant.id());
        assertThat(monitor.get("/api/v1/me").json().path("grants").size()).as("grants come from the database").isZero();
        assertThat(monitor.post("/api/v1/reports", "application/geo+json",
                org.trucewatch.support.ReportJson.valid().json()).status()).isEqualTo(403);
    }
}
