package org.trucewatch.forms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;

class SubmissionXmlReaderTest {

    static SubmissionInstance read(String xml) {
        return SubmissionXmlReader.read(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void leavesAreReadByTheirPathBelowTheRoot() {
        SubmissionInstance i = read("<?xml version='1.0'?><data xmlns:jr=\"http://openrosa.org/javarosa\" id=\"f\" "
                + "version=\"3\"><location>1 2</location><description><![CDATA[a < b]]> &amp; c</description>"
                + "<meta><instanceID>uuid:x</instanceID><deprecatedID/></meta></data>");
        assertThat(i.formId()).isEqualTo("f");
        assertThat(i.version()).isEqualTo("3");
        assertThat(i.field("location")).isEqualTo("1 2");
        assertThat(i.field("description")).isEqualTo("a < b & c");
        assertThat(i.field("meta/instanceID")).isEqualTo("uuid:x");
        assertThat(i.field("meta/deprecatedID")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<!DOCTYPE data [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><data id=\"f\"><d>&x;</d></data>",
            "<!DOCTYPE data [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><data id=\"f\"><d>&b;</d></data>",
            "<!DOCTYPE data SYSTEM \"http://127.0.0.1:9/x.dtd\"><data id=\"f\"/>",
            "<data id=\"f\"><d>&undeclared;</d></data>",
            "<data id=\"f\"><d>1</d><d>2</d></data>",
            "<data><d>1</d></data>",
            "<data id=\"f\"><d>",
            "<data id=\"f\"></data><data id=\"g\"/>",
            ""})
    void hostileOrBrokenXmlIsMalformedWithoutALeak(String xml) {
        assertThatThrownBy(() -> read(xml)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(ProblemType.MALFORMED_XML);
            assertThat(e.getMessage()).doesNotContain("root:").doesNotContain("Exception");
        });
    }

    @Test
    void depthAndSizeAreBounded() {
        assertThatThrownBy(() -> read("<data id=\"f\">" + "<a>".repeat(20) + "</a>".repeat(20) + "</data>"))
                .isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> read("<data id=\"f\"><d>" + "x".repeat(300_000) + "</d></data>"))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE));
    }
}
