package org.trucewatch.forms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.grant;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.javarosa.core.model.FormDef;
import org.javarosa.core.model.SelectChoice;
import org.javarosa.core.model.data.DateTimeData;
import org.javarosa.core.model.data.GeoPointData;
import org.javarosa.core.model.data.IAnswerData;
import org.javarosa.core.model.data.IntegerData;
import org.javarosa.core.model.data.SelectMultiData;
import org.javarosa.core.model.data.SelectOneData;
import org.javarosa.core.model.data.StringData;
import org.javarosa.core.model.data.helper.Selection;
import org.javarosa.core.model.instance.InstanceInitializationFactory;
import org.javarosa.core.model.instance.TreeElement;
import org.javarosa.core.util.PropertyUtils;
import org.javarosa.form.api.FormEntryController;
import org.javarosa.form.api.FormEntryModel;
import org.javarosa.form.api.FormEntryPrompt;
import org.javarosa.model.xform.XFormSerializingVisitor;
import org.javarosa.model.xform.XFormsModule;
import org.javarosa.xform.parse.XFormParser;
import org.javarosa.xform.util.XFormUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.support.Api;
import org.trucewatch.support.Multipart;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestProtocols;
import org.trucewatch.support.TestUsers;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * ODK Collect's whole round, driven with JavaRosa (the engine inside Collect) against the
 * running service: the form list and the form are downloaded, parsed, filled question by
 * question, finalised, serialised and sent with a photo; then the sent instance is
 * reopened and edited as Collect edits it (its {@code EditedFormFinalizationProcessor}:
 * the old instanceID becomes {@code meta/deprecatedID}, a new one is made) and sent again.
 * The server keeps one report, at revision 2, with its history, its incident and its photo.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CollectEditIT implements PostgisFixture {
    static final String MECH = "collect-" + UUID.randomUUID().toString().substring(0, 6);
    static final String LIST_NS = "http://openrosa.org/xforms/xformsList";

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    MechanismService mechanisms;

    Api device;
    /** The same monitor in the web app (the JSON API takes bearer tokens only). */
    Api app;

    @BeforeAll
    void setUp() {
        // What Collect does when it starts: lets JavaRosa read saved answers back into a form.
        new XFormsModule().registerModule();
        TestProtocols.load(mechanisms, MECH);
        Api anonymous = new Api(server.getURI());
        TestUsers users = new TestUsers(access, anonymous);
        String monitor = users.create("collect", grant("monitor", MECH));
        device = anonymous.withBasic(monitor, TestUsers.PASSWORD);
        app = users.signIn(monitor);
    }

    @Test
    void aReportSentFromCollectIsEditedInCollectAndStaysOneReportWithItsPhoto() throws Exception {
        byte[] form = downloadForm();
        FormDef blank = parse(form);
        assertThat(blank.getSubmissionProfile()).as("the form has a <submission> element").isNotNull();
        assertThat(blank.getSubmissionProfile().getAttribute("client-editable")).isEqualTo("true");

        // Fill and send, as Collect does.
        FormDef filled = parse(form);
        filled.initialize(true, new InstanceInitializationFactory());
        FormEntryController entry = new FormEntryController(new FormEntryModel(filled));
        answerAll(entry, Map.of("count", "12"));
        entry.finalizeFormEntry();
        String instanceId = meta(filled, "instanceID");
        assertThat(instanceId).as("jr:preload=\"uid\"").matches("uuid:[0-9a-f-]{36}");
        byte[] sent = serialise(filled);
        byte[] photo = new byte[40_000];
        new java.util.Random(7).nextBytes(photo);
        Api.Answer first = submit(sent, photo);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        String reportId = first.header("Location").replace("/api/v1/reports/", "");
        String incident = Rows.text("SELECT incident_id::text FROM incident_report WHERE report_id = ?::uuid", reportId);
        long reportsBefore = Rows.reports();

        // Reopen the sent instance: the preloaded instanceID stays what the server received.
        FormDef reopened = reopen(form, sent);
        assertThat(meta(reopened, "instanceID")).isEqualTo(instanceId);

        // Edit the count and finalise with Collect's edit step, then send again with the photo.
        FormEntryController edit = new FormEntryController(new FormEntryModel(reopened));
        answerAll(edit, Map.of("count", "14"));
        edit.addPostProcessor(model -> markAsEdit(model.getForm()));
        edit.finalizeFormEntry();
        assertThat(meta(reopened, "deprecatedID")).isEqualTo(instanceId);
        String newInstanceId = meta(reopened, "instanceID");
        assertThat(newInstanceId).isNotEqualTo(instanceId);
        byte[] edited = serialise(reopened);
        assertThat(new String(edited, StandardCharsets.UTF_8)).contains("<deprecatedID>" + instanceId + "</deprecatedID>");
        Api.Answer second = submit(edited, photo);

        assertThat(second.status()).as(second.toString()).isEqualTo(201);
        assertThat(second.header("Location")).isEqualTo("/api/v1/reports/" + reportId);
        assertThat(Rows.reports()).as("one report").isEqualTo(reportsBefore);
        assertThat(Rows.text("SELECT event_count || ' ' || revision || ' ' || client_report_id FROM report"
                + " WHERE id = ?::uuid", reportId)).isEqualTo("14 2 " + newInstanceId.substring(5));
        assertThat(Rows.count("SELECT count(*) FROM report_version WHERE id = ?::uuid", reportId))
                .as("history of two: the first revision kept, the second current").isEqualTo(1);
        assertThat(Rows.count("SELECT count(*) FROM incident_report WHERE incident_id = ?::uuid", incident))
                .as("the incident's report count unchanged").isEqualTo(1);
        assertThat(Rows.text("SELECT incident_id::text FROM incident_report WHERE report_id = ?::uuid", reportId))
                .isEqualTo(incident);
        assertThat(Rows.text("SELECT name || ' ' || encode(sha256, 'hex') FROM report_attachment WHERE report_id = ?::uuid",
                reportId)).as("the photo still attached").isEqualTo("photo.jpg " + sha256(photo));
        Api.Answer history = app.get("/api/v1/reports/" + reportId + "/revisions");
        assertThat(history.status()).as(history.toString()).isEqualTo(200);
        assertThat(history.json().path("features")).hasSize(2);
        assertThat(history.json().path("features").get(1).path("properties").path("count").asInt()).isEqualTo(14);

        Api.Answer againFromTheFirst = submit(againFromTheFirstInstance(form, sent), photo);
        assertThat(againFromTheFirst.status()).as("a second edit of the first instance is stale: " + againFromTheFirst)
                .isEqualTo(409);
        assertThat(againFromTheFirst.body()).contains("OpenRosaResponse");
    }

    /** The form list names the form; its downloadUrl serves it, with the MD5 the list promises. */
    private byte[] downloadForm() throws Exception {
        Api.Answer list = device.get("/formList");
        assertThat(list.status()).isEqualTo(200);
        NodeList forms = FormInstance.parse(list.body()).getElementsByTagNameNS(LIST_NS, "xform");
        for (int i = 0; i < forms.getLength(); i++) {
            Element xform = (Element) forms.item(i);
            if (text(xform, "formID").equals(XFormBuilder.formId(MECH))) {
                URI url = URI.create(text(xform, "downloadUrl"));
                Api.Answer answer = device.get(url.getRawPath());
                assertThat(answer.status()).isEqualTo(200);
                byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                assertThat(text(xform, "hash")).isEqualTo("md5:" + HexFormat.of().formatHex(
                        MessageDigest.getInstance("MD5").digest(body)));
                return body;
            }
        }
        throw new AssertionError("the form list does not name the form of " + MECH);
    }

    private static String text(Element parent, String name) {
        return parent.getElementsByTagNameNS(LIST_NS, name).item(0).getTextContent();
    }

    private static FormDef parse(byte[] form) throws Exception {
        return XFormUtils.getFormFromInputStream(new ByteArrayInputStream(form));
    }

    /** What Collect does to open a saved instance: the form's template populated with the saved values. */
    private static FormDef reopen(byte[] form, byte[] instance) throws Exception {
        FormDef def = parse(form);
        TreeElement saved = XFormParser.restoreDataModel(instance, null).getRoot();
        TreeElement template = def.getMainInstance().getRoot().deepCopy(true);
        template.populate(saved, def);
        def.getMainInstance().setRoot(template);
        def.initialize(false, new InstanceInitializationFactory());
        return def;
    }

    /** Collect's edit step: the instance being replaced is named in meta/deprecatedID; the edit is a new instance. */
    private static void markAsEdit(FormDef def) {
        TreeElement meta = def.getMainInstance().getRoot().getFirstChild("meta");
        TreeElement instanceId = meta.getFirstChild("instanceID");
        TreeElement deprecated = new TreeElement("deprecatedID");
        meta.addChild(deprecated);
        deprecated.setAnswer(instanceId.getValue());
        instanceId.setAnswer(new StringData("uuid:" + PropertyUtils.genUUID()));
    }

    /** A second, independent edit of the first instance, as another copy of the sent form would make. */
    private static byte[] againFromTheFirstInstance(byte[] form, byte[] sent) throws Exception {
        FormDef other = reopen(form, sent);
        FormEntryController entry = new FormEntryController(new FormEntryModel(other));
        answerAll(entry, Map.of("count", "20"));
        entry.addPostProcessor(model -> markAsEdit(model.getForm()));
        entry.finalizeFormEntry();
        return serialise(other);
    }

    private static String meta(FormDef def, String name) {
        IAnswerData value = def.getMainInstance().getRoot().getFirstChild("meta").getFirstChild(name).getValue();
        return value == null ? null : value.getDisplayText();
    }

    private static byte[] serialise(FormDef def) throws Exception {
        return new XFormSerializingVisitor().serializeInstance(def.getMainInstance());
    }

    /** Steps through every question as a monitor would, answering each that the test has a value for. */
    private static void answerAll(FormEntryController entry, Map<String, String> overrides) {
        entry.jumpToIndex(org.javarosa.core.model.FormIndex.createBeginningOfFormIndex());
        for (int event = entry.stepToNextEvent(); event != FormEntryController.EVENT_END_OF_FORM;
             event = entry.stepToNextEvent()) {
            if (event != FormEntryController.EVENT_QUESTION) {
                continue;
            }
            FormEntryPrompt prompt = entry.getModel().getQuestionPrompt();
            String name = prompt.getIndex().getReference().getNameLast();
            IAnswerData answer = answer(name, prompt, overrides);
            if (answer != null) {
                assertThat(entry.answerQuestion(answer, true)).as(name).isEqualTo(FormEntryController.ANSWER_OK);
            }
        }
    }

    private static IAnswerData answer(String name, FormEntryPrompt prompt, Map<String, String> overrides) {
        return switch (name) {
            case "location" -> new GeoPointData(new double[] {33.27, 35.21, 410.0, 6.0});
            case "observed_at" -> new DateTimeData(Date.from(Instant.now().minus(3, ChronoUnit.HOURS)
                    .truncatedTo(ChronoUnit.SECONDS)));
            case "category" -> new SelectOneData(new Selection(choice(prompt, "SMALL_ARMS_FIRE")));
            case "alleged_parties" -> new SelectMultiData(List.of(new Selection(choice(prompt, "PARTY-A"))));
            case "count" -> new IntegerData(Integer.parseInt(overrides.get("count")));
            case "description" -> new StringData("Bursts from the ridge, seen from the observation post");
            case "photo1" -> new StringData("photo.jpg");
            default -> null;
        };
    }

    private static SelectChoice choice(FormEntryPrompt prompt, String value) {
        return prompt.getSelectChoices().stream().filter(c -> c.getValue().equals(value)).findFirst()
                .orElseThrow(() -> new AssertionError("no choice " + value));
    }

    private Api.Answer submit(byte[] instance, byte[] photo) {
        Multipart body = new Multipart().file(SubmissionController.XML_PART, "submission.xml", "text/xml", instance)
                .file("photo.jpg", "image/jpeg", photo);
        return device.postBytes("/submission", body.contentType(), body.bytes());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
