package org.trucewatch.gis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.delegate;
import static org.trucewatch.support.TestUsers.grant;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trucewatch.access.AccessService;
import org.trucewatch.support.Api;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.TestUsers;

/**
 * The HTML face of the OGC API: pages for the landing page, conformance, collections, one
 * collection, a page of items and one feature, chosen by {@code f=html} or a browser's Accept
 * header while every other client keeps JSON; JSON and HTML link each other as
 * {@code alternate}; a delegate's pages are redacted as their JSON is; stored markup comes out
 * as text.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OgcHtmlIT implements PostgisFixture {
    static final String MECH = "ogc-html-mech";
    static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    static final String SOURCE = "Rana Haddad, phone 555-0199";
    static final String NOTES = "met at the market; asks not to be named";
    static final String INJECTION = "<script>alert('x')</script><img src=x onerror=alert(1)> shells & smoke";

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;

    Api anonymous;
    Api chair;
    Api delegateApi;
    String monitorName;
    String injected;
    String sensitive;
    final List<String> ids = new ArrayList<>();

    @BeforeAll
    void setUp() {
        anonymous = new Api(server.getURI());
        TestUsers users = new TestUsers(access, anonymous);
        monitorName = users.create("monitor", grant("monitor", MECH));
        chair = anonymous.withBasic(users.create("chair", grant("chair", MECH)), TestUsers.PASSWORD);
        delegateApi = anonymous.withBasic(users.create("delegate", delegate(MECH, "LAF")), TestUsers.PASSWORD);
        Api monitor = users.signIn(monitorName);
        String source = "{\"type\":\"PARTY_COMPLAINT\",\"reliability\":\"C\",\"identity\":\"" + SOURCE
                + "\",\"notes\":\"" + NOTES + "\"}";
        injected = submit(monitor, ReportJson.valid().point(31.1, -21.1).withText("description", INJECTION)
                .with("source", source));
        ids.add(injected);
        for (int i = 0; i < 4; i++) {
            ids.add(submit(monitor, ReportJson.valid().point(31.2 + i * 0.01, -21.2)));
        }
        sensitive = submit(monitor, ReportJson.valid().point(31.5, -21.5).withText("category", "SEXUAL_VIOLENCE")
                .with("source", source));
    }

    private static String submit(Api monitor, ReportJson report) {
        Api.Answer answer = monitor.post("/api/v1/reports", "application/geo+json", report.withText("mechanism", MECH).json());
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().path("id").asText();
    }

    private Api.Answer get(Api api, String path, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.getURI().resolve(path)).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        return api.send(request);
    }

    private static void assertHtml(Api.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("text/html");
        assertThat(answer.body()).startsWith("<!DOCTYPE html>");
        assertThat(answer.header("Content-Security-Policy")).contains("default-src 'self'");
        assertThat(answer.header("Vary")).isEqualTo("Accept");
    }

    @Test
    void theLandingPageIsHtmlForAnonymousBrowsersAndLinksTheCollections() {
        for (Api.Answer page : List.of(get(anonymous, "/ogc?f=html", null), get(anonymous, "/ogc", BROWSER))) {
            assertHtml(page);
            assertThat(page.body()).contains("/ogc/collections?f=html\"", "/ogc/conformance?f=html\"",
                    "type=\"application/json\" href=\"http://");
        }
    }

    @Test
    void conformanceCollectionsAndCollectionPagesListWhatTheJsonHas() {
        Api.Answer conformance = get(chair, "/ogc/conformance?f=html", null);
        assertHtml(conformance);
        assertThat(conformance.body()).contains("<li>http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core</li>");
        Api.Answer collections = get(chair, "/ogc/collections", BROWSER);
        assertHtml(collections);
        assertThat(collections.body()).contains("/ogc/collections/reports?f=html\"", "/ogc/collections/reports/items?f=html\"",
                "/ogc/collections/zones-lines?f=html\"");
        Api.Answer reports = get(chair, "/ogc/collections/reports?f=html", null);
        assertHtml(reports);
        String self = server.getURI().resolve("/ogc/collections/reports").toString();
        assertThat(reports.body()).contains("OAPIF:" + self, "<code class=\"copy\">" + self + "</code>",
                "/ogc/collections/reports/items?f=html\"",
                "<td>31.1, -21.5, 31.5, -21.1</td>", "/ogc/collections/reports\">JSON</a>");
    }

    @Test
    void theItemsPageTabulatesEveryPropertyPagesAndMapsTheFeatures() {
        Api.Answer first = get(chair, "/ogc/collections/reports/items?f=html&limit=2&mechanism=" + MECH, null);
        assertHtml(first);
        assertThat(first.body()).contains("6 features match; this page shows 2.", "(no previous page)",
                "<th>sourceIdentity</th>", "<th>description</th>", "<td>" + SOURCE + "</td>", "<td>C</td>",
                "/items/" + ids.get(0) + "?f=html\">" + ids.get(0) + "</a>",
                "class=\"map\"", "/app/lib/leaflet/leaflet.js", "/app/ogc/map.js", "OAPIF:");
        assertThat(first.body()).doesNotContain(ids.get(2));
        Matcher next = Pattern.compile("<a href=\"([^\"]+)\">Next page").matcher(first.body());
        assertThat(next.find()).as("a next link").isTrue();
        String href = next.group(1).replace("&amp;", "&");
        assertThat(href).contains("cursor=", "f=html");
        Api.Answer second = get(chair, href.substring(href.indexOf("/ogc/")), null);
        assertHtml(second);
        assertThat(second.body()).contains(ids.get(2), ids.get(3), "Previous page").doesNotContain(">" + ids.get(0) + "<");
        assertThat(get(chair, "/ogc/collections/reports/items?f=html&limit=2&mechanism=" + MECH, null).body())
                .contains("/app/basemap/countries-50m.json");
    }

    @Test
    void theFeaturePageShowsItsPropertiesAndAMap() {
        Api.Answer page = get(chair, "/ogc/collections/reports/items/" + ids.get(1), BROWSER);
        assertHtml(page);
        assertThat(page.body()).contains("<td>" + ids.get(1) + "</td>", "<td>SMALL_ARMS_FIRE</td>", "<td>" + MECH + "</td>",
                "<td>" + monitorName + "</td>", "class=\"map\"", "&quot;coordinates&quot;:[31.2,-21.2]",
                "/items/" + ids.get(1) + "?f=json\">JSON</a>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/*", "", "application/json", "application/geo+json", "text/html;q=0.5,application/json",
        "text/html,application/geo+json"})
    void everyClientThatDoesNotPreferHtmlGetsJson(String accept) {
        Api.Answer items = get(chair, "/ogc/collections/reports/items?limit=1", accept.isEmpty() ? null : accept);
        assertThat(items.status()).isEqualTo(200);
        assertThat(items.contentType()).startsWith("application/geo+json");
        assertThat(items.json().path("type").asText()).isEqualTo("FeatureCollection");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/*", "", "application/json", "text/html;q=0.5,application/json"})
    void theLandingPageStaysJsonForClientsThatDoNotPreferHtml(String accept) {
        Api.Answer landing = get(anonymous, "/ogc", accept.isEmpty() ? null : accept);
        assertThat(landing.status()).isEqualTo(200);
        assertThat(landing.contentType()).startsWith("application/json");
        assertThat(landing.json().path("links").size()).isPositive();
    }

    @Test
    void fJsonWinsOverABrowsersAcceptAndErrorsStayProblemJson() {
        Api.Answer json = get(chair, "/ogc/collections/reports/items/" + ids.get(1) + "?f=json", BROWSER);
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.contentType()).startsWith("application/geo+json");
        assertThat(json.json().path("id").asText()).isEqualTo(ids.get(1));
        Api.Answer badF = get(chair, "/ogc/collections?f=xml", BROWSER);
        assertThat(badF.status()).isEqualTo(400);
        assertThat(badF.contentType()).startsWith("application/problem+json");
        assertThat(badF.json().path("errors").get(0).path("parameter").asText()).isEqualTo("f");
        Api.Answer missing = get(chair, "/ogc/collections/reports/items/01900000-0000-7000-8000-000000000000?f=html", BROWSER);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        Api.Answer unauthenticated = get(anonymous, "/ogc/collections?f=html", BROWSER);
        assertThat(unauthenticated.status()).isEqualTo(401);
        assertThat(unauthenticated.contentType()).startsWith("application/problem+json");
        assertThat(unauthenticated.header("WWW-Authenticate")).startsWith("Basic realm=\"TruceWatch\"");
        assertThat(get(chair, "/ogc/api?f=html", null).status()).as("the API definition has no HTML face here").isEqualTo(400);
    }

    @Test
    void everyJsonDocumentLinksItsHtmlAndTheLinkAnswersHtml() {
        for (String path : List.of("/ogc", "/ogc/collections", "/ogc/collections/reports",
                "/ogc/collections/reports/items?limit=2", "/ogc/collections/reports/items/" + ids.get(0))) {
            JsonNode doc = get(chair, path, null).json();
            String alternate = null;
            for (JsonNode l : doc.path("links")) {
                if (l.path("rel").asText().equals("alternate") && l.path("type").asText().equals("text/html")) {
                    alternate = l.path("href").asText();
                }
            }
            assertThat(alternate).as(path).isNotNull().contains("f=html");
            assertHtml(get(chair, alternate.substring(alternate.indexOf("/ogc")), null));
        }
    }

    @Test
    void aDelegatesPagesAreRedactedAsTheirJsonIs() {
        String items = "/ogc/collections/reports/items?f=html&limit=100&mechanism=" + MECH;
        String feature = "/ogc/collections/reports/items/" + injected + "?f=html";
        for (String path : List.of(items, feature)) {
            Api.Answer page = get(delegateApi, path, null);
            assertHtml(page);
            assertThat(page.body()).contains(injected, "<td>C</td>").doesNotContain(SOURCE).doesNotContain(NOTES)
                    .doesNotContain(monitorName).doesNotContain("sourceIdentity").doesNotContain("submittedBy")
                    .doesNotContain(sensitive);
            assertThat(get(chair, path, null).body()).contains(injected, SOURCE, NOTES, monitorName, "sourceIdentity");
        }
        assertThat(get(chair, items, null).body()).contains(sensitive);
        assertThat(get(delegateApi, "/ogc/collections/reports/items/" + sensitive + "?f=html", null).status()).isEqualTo(404);
    }

    @Test
    void storedMarkupComesOutAsText() {
        for (String path : List.of("/ogc/collections/reports/items?f=html&limit=100&mechanism=" + MECH,
                "/ogc/collections/reports/items/" + injected + "?f=html")) {
            String body = get(chair, path, null).body();
            assertThat(body).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
                    + " shells &amp; smoke").doesNotContain("<script>alert").doesNotContain("<img");
        }
    }
}
