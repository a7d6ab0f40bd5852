package org.trucewatch.forms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.delegate;
import static org.trucewatch.support.TestUsers.grant;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.mechanisms.MechanismProtocol;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.support.Api;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.TestProtocols;
import org.trucewatch.support.TestUsers;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The OpenRosa Form List API and the generated XForm, read as ODK Collect reads them. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FormListIT implements PostgisFixture {
    static final String MECH = "formlist-" + UUID.randomUUID().toString().substring(0, 6);
    static final String LIST_NS = "http://openrosa.org/xforms/xformsList";

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    MechanismService mechanisms;
    Api anonymous;
    TestUsers users;

    @BeforeAll
    void setUp() {
        TestProtocols.load(mechanisms, MECH);
        anonymous = new Api(server.getURI());
        users = new TestUsers(access, anonymous);
    }

    Api device(org.trucewatch.access.Grant grant) {
        return anonymous.withBasic(users.create("device", grant), TestUsers.PASSWORD);
    }

    static String text(Element parent, String ns, String name) {
        NodeList n = parent.getElementsByTagNameNS(ns, name);
        return n.getLength() == 0 ? null : n.item(0).getTextContent();
    }

    @Test
    void aMonitorIsOfferedTheMechanismsFormWithAHashThatMatchesTheDownload() throws Exception {
        Api device = device(grant("monitor", MECH));
        Api.Answer list = device.get("/formList");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.contentType()).startsWith("text/xml");
        assertThat(list.header("X-OpenRosa-Version")).isEqualTo("1.0");
        Document doc = FormInstance.parse(list.body());
        NodeList forms = doc.getElementsByTagNameNS(LIST_NS, "xform");
        assertThat(forms.getLength()).isEqualTo(1);
        Element form = (Element) forms.item(0);
        assertThat(text(form, LIST_NS, "formID")).isEqualTo("trucewatch-" + MECH);
        assertThat(text(form, LIST_NS, "manifestUrl")).as("no media files, no manifest").isNull();

        Api.Answer download = device.get(java.net.URI.create(text(form, LIST_NS, "downloadUrl")).getPath());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("X-OpenRosa-Version")).isEqualTo("1.0");
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest(download.raw().body().getBytes(StandardCharsets.UTF_8)));
        assertThat(text(form, LIST_NS, "hash")).isEqualTo("md5:" + md5);
        assertThat(text(form, LIST_NS, "version")).isNotBlank();
    }

    @Test
    void theXFormDeclaresEveryCategoryOfTheProtocolAndEveryLanguageOfTheTaxonomy() {
        String xform = device(grant("chair", MECH)).get("/forms/trucewatch-" + MECH + ".xml").body();
        Document doc = FormInstance.parse(xform);
        MechanismProtocol protocol = mechanisms.protocol(MECH).orElseThrow();

        List<String> languages = new ArrayList<>();
        NodeList translations = doc.getElementsByTagNameNS(FormInstance.XFORMS, "translation");
        for (int i = 0; i < translations.getLength(); i++) {
            languages.add(((Element) translations.item(i)).getAttribute("lang"));
        }
        assertThat(languages).containsExactly("English (en)", "French (fr)", "Spanish (es)", "Arabic (ar)");

        List<String> choices = new ArrayList<>();
        Element select1 = (Element) doc.getElementsByTagNameNS(FormInstance.XFORMS, "select1").item(0);
        NodeList values = select1.getElementsByTagNameNS(FormInstance.XFORMS, "value");
        for (int i = 0; i < values.getLength(); i++) {
            choices.add(values.item(i).getTextContent());
        }
        assertThat(choices).containsExactlyElementsOf(protocol.categories().stream()
                .map(MechanismProtocol.CategorySeverity::code).toList());
        for (int i = 0; i < translations.getLength(); i++) {
            String block = ((Element) translations.item(i)).getTextContent();
            assertThat(block).as("every category labelled in " + languages.get(i)).isNotBlank();
            NodeList texts = ((Element) translations.item(i)).getElementsByTagNameNS(FormInstance.XFORMS, "text");
            long categoryLabels = 0;
            for (int t = 0; t < texts.getLength(); t++) {
                if (((Element) texts.item(t)).getAttribute("id").startsWith("category-")) {
                    categoryLabels++;
                }
            }
            assertThat(categoryLabels).isEqualTo(protocol.categories().size());
        }
        assertThat(doc.getDocumentElement().getTextContent()).contains("إطلاق نار من أسلحة خفيفة")
                .contains("Tirs d'armes légères");
        assertThat(xform).contains("type=\"geopoint\"").contains("type=\"dateTime\"").contains("mediatype=\"image/*\"")
                .contains("mediatype=\"audio/*\"").contains("<value>PARTY-A</value>")
                .contains("jr:preload=\"uid\"").contains("odk:client-editable=\"true\"").doesNotContain("deprecatedID");
    }

    @Test
    void othersGetNoFormAndTheAnonymousAreChallenged() {
        Api delegateDevice = device(delegate(MECH, "PARTY-A"));
        assertThat(FormInstance.parse(delegateDevice.get("/formList").body())
                .getElementsByTagNameNS(LIST_NS, "xform").getLength()).isZero();
        Api.Answer notYours = delegateDevice.get("/forms/trucewatch-" + MECH + ".xml");
        assertThat(notYours.status()).isEqualTo(404);
        Api.Answer anonymousList = anonymous.get("/formList");
        assertThat(anonymousList.status()).isEqualTo(401);
        assertThat(anonymousList.header("WWW-Authenticate")).startsWith("Basic realm=");
        assertThat(anonymousList.header("X-OpenRosa-Version")).isEqualTo("1.0");
        assertThat(anonymous.withBasic("nobody", "wrong password").get("/formList").status()).isEqualTo(401);
    }
}
