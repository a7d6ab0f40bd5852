package org.trucewatch.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.grant;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.support.Api;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestUsers;

/**
 * Saved filters (issue 17, item 2): each user's own, kept by the server so they follow the user
 * to another device; a name is saved once per page (saving again replaces it); bad input is a
 * 422 naming each field and stores nothing; nobody reads or deletes another user's filter.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SavedFilterIT implements PostgisFixture {
    static final String JSON = "application/json";

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;

    Api chair;
    Api other;
    String chairName;

    @BeforeAll
    void setUp() {
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        chairName = users.create("chair", grant("chair", "lebanon-tripartite"));
        chair = users.signIn(chairName);
        other = users.as("chair", grant("chair", "lebanon-tripartite"));
    }

    @Test
    void aChairSavesReplacesListsAndDeletesTheirOwnFilters() {
        Api.Answer made = chair.post("/api/v1/me/filters", JSON,
                "{\"page\":\"queue\",\"name\":\" Tirs près de l'école \",\"query\":\"queue=lebanon-tripartite.triage&q=école&sort=deadline\"}");
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        long id = made.json().path("id").asLong();
        assertThat(made.json().path("name").asText()).isEqualTo("Tirs près de l'école");
        assertThat(Rows.text("SELECT username || '|' || page || '|' || name || '|' || query FROM saved_filter WHERE id = ?", id))
                .isEqualTo(chairName + "|queue|Tirs près de l'école|queue=lebanon-tripartite.triage&q=école&sort=deadline");

        Api.Answer again = chair.post("/api/v1/me/filters", JSON,
                "{\"page\":\"queue\",\"name\":\"Tirs près de l'école\",\"query\":\"sort=severity\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("id").asLong()).isEqualTo(id);
        assertThat(Rows.count("SELECT count(*) FROM saved_filter WHERE username = ?", chairName)).isEqualTo(1);
        assertThat(Rows.text("SELECT query FROM saved_filter WHERE id = ?", id)).isEqualTo("sort=severity");

        assertThat(chair.post("/api/v1/me/filters", JSON, "{\"page\":\"map\",\"name\":\"Tirs près de l'école\",\"query\":\"\"}")
                .status()).as("the same name on another page is another filter").isEqualTo(201);
        assertThat(chair.get("/api/v1/me/filters?page=queue").json().size()).isEqualTo(1);
        assertThat(chair.get("/api/v1/me/filters").json().size()).isEqualTo(2);
        assertThat(other.get("/api/v1/me/filters").json().size()).as("another chair sees none of them").isZero();

        Api.Answer notTheirs = other.send(HttpRequest.newBuilder(server.getURI().resolve("/api/v1/me/filters/" + id)).DELETE());
        assertThat(notTheirs.status()).isEqualTo(404);
        assertThat(notTheirs.contentType()).startsWith("application/problem+json");
        assertThat(Rows.count("SELECT count(*) FROM saved_filter WHERE id = ?", id)).isEqualTo(1);
        Api.Answer deleted = chair.send(HttpRequest.newBuilder(server.getURI().resolve("/api/v1/me/filters/" + id)).DELETE());
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(Rows.count("SELECT count(*) FROM saved_filter WHERE id = ?", id)).isZero();
    }

    @Test
    void badFiltersAreRefusedNamingEachFieldAndNothingIsStored() {
        long before = Rows.count("SELECT count(*) FROM saved_filter");
        Api.Answer bad = chair.post("/api/v1/me/filters", JSON,
                "{\"page\":\"admin\",\"name\":\"  \",\"query\":\"" + "x".repeat(2001) + "\"}");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.json().path("errors").toString()).contains("/page").contains("/name").contains("/query");
        Api.Answer control = chair.post("/api/v1/me/filters", JSON, "{\"page\":\"queue\",\"name\":\"a\\u0007b\",\"query\":\"\"}");
        assertThat(control.status()).isEqualTo(422);
        assertThat(control.json().path("errors").toString()).contains("/name");
        Api.Answer page = chair.get("/api/v1/me/filters?page=nope");
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.json().path("errors").toString()).contains("page");
        Api.Answer id = chair.send(HttpRequest.newBuilder(server.getURI().resolve("/api/v1/me/filters/abc")).DELETE());
        assertThat(id.status()).isEqualTo(400);
        assertThat(id.contentType()).startsWith("application/problem+json");
        assertThat(Rows.count("SELECT count(*) FROM saved_filter")).isEqualTo(before);
    }
}
