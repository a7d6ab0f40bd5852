package org.trucewatch.forms;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpStatus;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class OpenRosaTest {

    @Test
    void aResponseMessageSaysSuccessOrErrorAndCarriesAnyText() {
        String ok = OpenRosa.message(HttpStatus.CREATED, "Report received").body();
        assertThat(ok).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\">"
                + "<message nature=\"submit_success\">Report received</message></OpenRosaResponse>\n");

        String error = OpenRosa.message(HttpStatus.BAD_REQUEST, "/data/count: <1> & \u0001\"more\"").body();
        Element message = (Element) FormInstance.parse(error).getElementsByTagNameNS(OpenRosa.RESPONSE, "message").item(0);
        assertThat(message.getAttribute("nature")).isEqualTo("error");
        assertThat(message.getTextContent()).isEqualTo("/data/count: <1> & \"more\"");
    }

    @Test
    void theFormListNamesEachFormAndWhereToDownloadIt() {
        String list = OpenRosa.formList(List.of(new FormCatalogue.Form("trucewatch-a", "a", "TruceWatch report: A & B", "1-2",
                "", "md5:abc")), "https://host:8443/base?x=1&y=2");
        assertThat(list).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<xforms xmlns=\"http://openrosa.org/xforms/xformsList\">\n"
                + "<xform><formID>trucewatch-a</formID><name>TruceWatch report: A &amp; B</name><version>1-2</version>"
                + "<hash>md5:abc</hash><downloadUrl>https://host:8443/base?x=1&amp;y=2/forms/trucewatch-a.xml</downloadUrl>"
                + "</xform>\n</xforms>\n");
        assertThat(OpenRosa.formList(List.of(), "http://h")).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<xforms xmlns=\"http://openrosa.org/xforms/xformsList\">\n</xforms>\n");
    }
}
