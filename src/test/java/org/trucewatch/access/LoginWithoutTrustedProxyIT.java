package org.trucewatch.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.support.Api;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestUsers;

/**
 * (d) With no trusted proxy configured (the default), a client's {@code X-Forwarded-For} or
 * {@code Forwarded} header is its own claim: it neither moves the client to a fresh counter nor
 * reaches the audit log. A context of its own, since {@link LoginIT} trusts its peer.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginWithoutTrustedProxyIT implements PostgisFixture {
    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    Api anonymous;
    TestUsers users;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(PostgisFixture.super.getProperties());
        p.put("trucewatch.security.login.first-delay", LoginIT.FIRST_DELAY_S + "s");
        return p;
    }

    @BeforeAll
    void setUp() {
        anonymous = new Api(server.getURI());
        users = new TestUsers(access, anonymous);
    }

    private Api.Answer login(String username, String password, String header, String value) {
        return anonymous.send(HttpRequest.newBuilder(anonymous.base().resolve("/login"))
                .header("Content-Type", "application/json").header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")));
    }

    @Test
    void spoofedForwardingHeadersDoNotEscapeTheLimit() {
        String name = users.create("monitor");
        assertThat(login(name, "guess 1", "X-Forwarded-For", "198.51.100.1").status()).isEqualTo(401);
        assertThat(login(name, "guess 2", "X-Forwarded-For", "198.51.100.2").status()).isEqualTo(401);
        assertThat(login(name, "guess 3", "Forwarded", "for=198.51.100.3").status()).isEqualTo(401);

        LoginIT.assertTooManyRequests(login(name, TestUsers.PASSWORD, "X-Forwarded-For", "198.51.100.4"),
                0, LoginIT.FIRST_DELAY_S);
        LoginIT.assertTooManyRequests(login(name, TestUsers.PASSWORD, "Forwarded", "for=\"[2001:db8::4]\""),
                0, LoginIT.FIRST_DELAY_S);
        assertThat(Rows.count("SELECT count(*) FROM audit_event WHERE action = 'login.fail' AND actor = ? AND details = ?",
                name, "{\"address\":\"127.0.0.1\"}")).as("the peer's address, not the claimed ones").isEqualTo(3);
    }
}
