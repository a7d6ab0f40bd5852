package org.trucewatch.support;

import java.util.UUID;
import org.trucewatch.access.AccessService;
import org.trucewatch.access.Grant;

/**
 * Creates users with grants through the service, and signs them in through {@code POST /login},
 * so each test's client holds a real bearer token. Names are unique per call.
 */
public final class TestUsers {
    public static final String PASSWORD = "correct horse battery staple";

    private final AccessService access;
    private final Api anonymous;

    public TestUsers(AccessService access, Api anonymous) {
        this.access = access;
        this.anonymous = anonymous;
    }

    /** A user holding the grants, e.g. {@code grant("chair", "lebanon-tripartite")}; sign in with {@link #signIn}. */
    public String create(String prefix, Grant... grants) {
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        access.createUser("test", new AccessService.CreateUserCommand(username, prefix, PASSWORD));
        for (Grant g : grants) {
            access.grant("test", username, g);
        }
        return username;
    }

    public Api signIn(String username) {
        Api.Answer answer = anonymous.post("/login", "application/json",
                "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}");
        if (answer.status() != 200) {
            throw new AssertionError("sign-in failed: " + answer);
        }
        return anonymous.withBearer(answer.json().path("access_token").asText());
    }

    /** Shorthand: create and sign in. */
    public Api as(String prefix, Grant... grants) {
        return signIn(create(prefix, grants));
    }

    public static Grant grant(String role, String mechanism) {
        return new Grant(null, role, mechanism, null, null, null);
    }

    public static Grant delegate(String mechanism, String party) {
        return new Grant(null, "party_delegate", mechanism, null, null, party);
    }

    public static Grant admin() {
        return new Grant(null, "admin", null, null, null, null);
    }
}
