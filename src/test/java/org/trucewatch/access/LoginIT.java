package org.trucewatch.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.support.Api;
import org.trucewatch.support.PostgisTest;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestUsers;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginIT implements PostgisTest {
    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    Api anonymous;
    TestUsers users;

    @BeforeAll
    void setUp() {
        anonymous = new Api(server.getURI());
        users = new TestUsers(access, anonymous);
    }

    private Api.Answer login(String username, String password) {
        return anonymous.post("/login", "application/json",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
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
    void repeatedFailuresAreRefusedForAWhileEvenWithTheRightPassword() {
        String name = users.create("target");
        for (int i = 0; i < 5; i++) {
            assertThat(login(name, "guess number " + i).status()).isEqualTo(401);
        }
        Api.Answer blocked = login(name, TestUsers.PASSWORD);
        assertThat(blocked.status()).as(blocked.toString()).isEqualTo(429);
        assertThat(blocked.contentType()).startsWith("application/problem+json");
        assertThat(Long.parseLong(blocked.header("Retry-After"))).isPositive();
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
