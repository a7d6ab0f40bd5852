package org.trucewatch.forms;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;

/**
 * What the OpenRosa APIs put on every answer: {@code X-OpenRosa-Version: 1.0}
 * (OpenRosa Request header spec), and the response message document of the Form
 * Submission API ({@code <OpenRosaResponse xmlns="http://openrosa.org/http/response">}).
 */
final class OpenRosa {
    static final String VERSION_HEADER = "X-OpenRosa-Version";
    static final String VERSION = "1.0";
    static final String XML = "text/xml; charset=utf-8";

    private OpenRosa() {
    }

    static MutableHttpResponse<String> message(HttpStatus status, String message) {
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\"><message nature=\""
                + (status.getCode() < 300 ? "submit_success" : "error") + "\">" + Xml.escape(message)
                + "</message></OpenRosaResponse>\n";
        return HttpResponse.<String>status(status).contentType(XML).header(VERSION_HEADER, VERSION).body(body);
    }
}
