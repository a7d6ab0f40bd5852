package org.trucewatch.forms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.grant;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.trucewatch.access.AccessService;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.support.Api;
import org.trucewatch.support.Multipart;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestProtocols;
import org.trucewatch.support.TestUsers;

/** XXE, billion laughs, malformed and oversize submissions: refused, without a stack trace, nothing stored. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileSubmissionIT implements PostgisFixture {
    static final String MECH = "hostile-" + UUID.randomUUID().toString().substring(0, 6);

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    MechanismService mechanisms;
    Api device;
    String form;

    @BeforeAll
    void setUp() {
        TestProtocols.load(mechanisms, MECH);
        Api anonymous = new Api(server.getURI());
        device = anonymous.withBasic(new TestUsers(access, anonymous).create("collect", grant("monitor", MECH)),
                TestUsers.PASSWORD);
        form = XFormBuilder.formId(MECH);
    }

    /** A valid instance but for what {@code prolog} and {@code description} put in it. */
    String instance(String prolog, String description) {
        return instance(prolog, description, UUID.randomUUID());
    }

    String instance(String prolog, String description, UUID instanceId) {
        return "<?xml version=\"1.0\"?>\n" + prolog + "<data id=\"" + form + "\"><location>33.1 35.4 0 5</location>"
                + "<observed_at>2026-01-01T10:00:00.000+02:00</observed_at><category>EXPLOSION</category>"
                + "<description>" + description + "</description><meta><instanceID>uuid:" + instanceId
                + "</instanceID></meta></data>";
    }

    void refused(Api.Answer answer, int status) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("at org.").doesNotContain("root:");
        assertThat(answer.header("X-OpenRosa-Version")).isEqualTo("1.0");
    }

    Api.Answer post(Multipart m) {
        return device.postBytes("/submission", m.contentType(), m.bytes());
    }

    @Test
    void theControlIsAccepted() {
        assertThat(post(new Multipart().xml(instance("", "control"))).status()).isEqualTo(201);
    }

    @Test
    void externalEntitiesAndEntityExpansionAreRefusedAndStoreNothing() {
        long reports = Rows.reports();
        String xxe = "<!DOCTYPE data [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n";
        String laughs = "<!DOCTYPE data [<!ENTITY lol \"lol\"><!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">"
                + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
                + "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
                + "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
                + "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"
                + "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
                + "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"
                + "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>\n";
        String parameterEntity = "<!DOCTYPE data [<!ENTITY % remote SYSTEM \"http://127.0.0.1:9/evil.dtd\"> %remote;]>\n";

        refused(post(new Multipart().xml(instance(xxe, "&xxe;"))), 400);
        refused(post(new Multipart().xml(instance(laughs, "&lol9;"))), 400);
        refused(post(new Multipart().xml(instance(parameterEntity, "x"))), 400);
        refused(post(new Multipart().xml(instance("", "&undeclared;"))), 400);

        assertThat(Rows.reports()).isEqualTo(reports);
    }

    @Test
    void malformedXmlIs400() {
        long reports = Rows.reports();
        refused(post(new Multipart().xml("<data id=\"" + form + "\"><location>")), 400);
        refused(post(new Multipart().xml("not xml at all")), 400);
        refused(post(new Multipart().xml("")), 400);
        refused(post(new Multipart().xml("<data><meta/></data>")), 400);
        refused(post(new Multipart().xml(instance("", "x").replace(form, "trucewatch-nonexistent"))), 400);
        refused(post(new Multipart().xml("<a>" + "<b>".repeat(50) + "</b>".repeat(50) + "</a>")), 400);
        refused(device.postBytes("/submission", "multipart/form-data; boundary=zzz",
                "--zzz\r\nbroken".getBytes(StandardCharsets.UTF_8)), 400);
        assertThat(Rows.reports()).isEqualTo(reports);
    }

    @Test
    void oversizeXmlFilesAndRequestsAre413AndStoreNothing() {
        long reports = Rows.reports();
        long files = Rows.count("SELECT count(*) FROM report_attachment");

        refused(post(new Multipart().xml(instance("", "y".repeat(300_000)))), 413);
        String withPhoto = instance("", "big photo").replace("</description>", "</description><photo1>big.jpg</photo1>");
        // A photo over the default 20 MB (the mechanism's protocol sets no "media" limits).
        Api.Answer bigFile = post(new Multipart().xml(withPhoto).file("big.jpg", "image/jpeg", new byte[20 * 1024 * 1024 + 1]));
        refused(bigFile, 413);
        assertThat(bigFile.body()).contains("<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\">")
                .contains("nature=\"error\"").contains("big.jpg");

        assertThat(Rows.reports()).isEqualTo(reports);
        assertThat(Rows.count("SELECT count(*) FROM report_attachment")).isEqualTo(files);
    }

    @Test
    void theJsonApiKeepsItsOneMegabyteLimit() {
        Api.Answer answer = device.postBytes("/api/v1/reports", "application/geo+json", new byte[1024 * 1024 + 10]);
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }

    static Stream<Arguments> emptyRequiredAnswers() {
        return Stream.of(
                Arguments.of("<category>[^<]*</category>", "<category/>", "/data/category"),
                Arguments.of("<category>[^<]*</category>", "<category>  </category>", "/data/category"),
                Arguments.of("<observed_at>[^<]*</observed_at>", "<observed_at></observed_at>", "/data/observed_at"),
                Arguments.of("<location>[^<]*</location>", "<location/>", "/data/location"),
                Arguments.of("<instanceID>[^<]*</instanceID>", "<instanceID>uuid:</instanceID>", "/data/meta/instanceID"),
                Arguments.of("<instanceID>[^<]*</instanceID>", "<instanceID/>", "/data/meta/instanceID"));
    }

    /** In XForms an empty element is "not answered": for a required question that is a refusal, never a 500. */
    @ParameterizedTest(name = "{1}")
    @MethodSource("emptyRequiredAnswers")
    void anEmptyRequiredAnswerIsRefusedNamingItsElementAndStoresNothing(String answered, String empty, String path) {
        long reports = Rows.reports();
        String xml = instance("", "control").replaceFirst(answered, empty);

        Api.Answer answer = post(new Multipart().xml(xml));

        refused(answer, 400);
        assertThat(answer.body()).as(xml).contains(path);
        assertThat(Rows.reports()).isEqualTo(reports);
    }

    @Test
    void emptyOptionalAnswersAreAbsent() {
        UUID id = UUID.randomUUID();
        String xml = instance("", "", id).replace("</category>", "</category><bearing/><count></count>"
                + "<civilians_killed/><alleged_parties/>");

        Api.Answer answer = post(new Multipart().xml(xml));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(Rows.text("SELECT concat_ws('|', coalesce(description, 'null'), coalesce(bearing_deg::text, 'null'),"
                + " coalesce(event_count::text, 'null'), coalesce(civilians_killed::text, 'null'),"
                + " cardinality(alleged_parties)) FROM report WHERE client_report_id = ?", id))
                .isEqualTo("null|null|null|null|0");
    }

    @Test
    void aDescriptionIsStoredExactlyAsSent() {
        UUID id = UUID.randomUUID();
        // A raw CR LF in XML text reaches any parser as LF (XML 1.0 §2.11); Collect escapes a CR as &#13;.
        String sent = "  \t Two shells hit the school.&#13;\nسقطت قذيفتان على المدرسة 💥&#13;\n\t  ";
        String stored = "  \t Two shells hit the school.\r\nسقطت قذيفتان على المدرسة 💥\r\n\t  ";

        Api.Answer answer = post(new Multipart().xml(instance("", sent, id)));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(Rows.text("SELECT description FROM report WHERE client_report_id = ?", id)).isEqualTo(stored);
    }

    @Test
    void anotherDevicesInstanceIdIsAConflictThatNamesNothingOfTheirReport() {
        UUID id = UUID.randomUUID();
        assertThat(post(new Multipart().xml(instance("", "first", id))).status()).isEqualTo(201);
        String reportId = Rows.text("SELECT id::text FROM report WHERE client_report_id = ?", id);
        Api other = new Api(server.getURI()).withBasic(new TestUsers(access, new Api(server.getURI()))
                .create("collect", grant("monitor", MECH)), TestUsers.PASSWORD);

        for (String description : new String[] {"first", "other"}) {
            Multipart m = new Multipart().xml(instance("", description, id));
            Api.Answer answer = other.postBytes("/submission", m.contentType(), m.bytes());

            refused(answer, 409);
            assertThat(answer.body()).contains("already used").doesNotContain(reportId).doesNotContain("collect-");
        }
        assertThat(Rows.text("SELECT description FROM report WHERE client_report_id = ?", id)).isEqualTo("first");
    }

    @Test
    void anInstanceWhoseBytesAreNotUtf8IsRefusedAndStoresNothing() {
        long reports = Rows.reports();
        UUID id = UUID.randomUUID();
        byte[] utf8 = instance("", "caf@ near the mosque", id).getBytes(StandardCharsets.UTF_8);
        for (byte bad : new byte[] {(byte) 0xff, (byte) 0xe9, (byte) 0x80}) {
            byte[] xml = utf8.clone();
            xml[new String(utf8, StandardCharsets.ISO_8859_1).indexOf('@')] = bad; // one char per byte

            Api.Answer answer = post(new Multipart().file("xml_submission_file", "submission.xml", "text/xml", xml));

            refused(answer, 400);
            assertThat(answer.body()).contains("not well-formed XML");
        }
        assertThat(Rows.reports()).isEqualTo(reports);
        assertThat(Rows.reportsWithClientId(id.toString())).isZero();
    }

    static Stream<Arguments> unstorableFileNames() {
        return Stream.of(
                Arguments.of("10 KB long", "p".repeat(10 * 1024 - 4) + ".jpg", "1 to 255 characters"),
                Arguments.of("256 characters", "é".repeat(252) + ".jpg", "1 to 255 characters"),
                Arguments.of("a slash", "DCIM/1.jpg", "path separator"),
                Arguments.of("a backslash", "DCIM\\1.jpg", "path separator"),
                Arguments.of("a tab", "1\t.jpg", "control characters"),
                Arguments.of("a dot segment", "..", "not a file name"));
    }

    /** The part's file name (as Collect sends it, also the part's name) and the instance's photo1 agree. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("unstorableFileNames")
    void aFileWhoseNameCannotBeStoredIsRefusedAndNothingIsStored(String label, String name, String reason) {
        long reports = Rows.reports();
        long files = Rows.count("SELECT count(*) FROM report_attachment");
        UUID id = UUID.randomUUID();
        String xml = instance("", "photo", id).replace("</description>", "</description><photo1>"
                + name.replace("&", "&amp;").replace("<", "&lt;") + "</photo1>");

        Api.Answer withFile = post(new Multipart().xml(xml).file(name, "image/jpeg", new byte[] {1, 2, 3}));
        Api.Answer namedOnly = post(new Multipart().xml(xml));

        refused(withFile, 400);
        assertThat(withFile.body()).as(label).contains("the file name").contains(reason).hasSizeLessThan(1000);
        refused(namedOnly, 400);
        assertThat(namedOnly.body()).as(label).contains("/data/photo1").contains(reason).hasSizeLessThan(1000);
        assertThat(Rows.reports()).isEqualTo(reports);
        assertThat(Rows.reportsWithClientId(id.toString())).isZero();
        assertThat(Rows.count("SELECT count(*) FROM report_attachment")).isEqualTo(files);
    }

    @Test
    void aFileNameOf255CharactersIsStored() {
        UUID id = UUID.randomUUID();
        String name = "é".repeat(251) + ".jpg";
        String xml = instance("", "photo", id).replace("</description>", "</description><photo1>" + name + "</photo1>");

        Api.Answer answer = post(new Multipart().xml(xml).file(name, "image/jpeg", new byte[] {1, 2, 3}));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(Rows.text("SELECT a.name FROM report_attachment a JOIN report r ON r.id = a.report_id"
                + " WHERE r.client_report_id = ?", id)).isEqualTo(name);
    }
}
