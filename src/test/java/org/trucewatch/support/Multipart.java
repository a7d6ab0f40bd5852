package org.trucewatch.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A multipart/form-data body built the way ODK Collect builds a submission (OpenRosa Form Submission API). */
public final class Multipart {
    private final String boundary = "----odk" + UUID.randomUUID().toString().replace("-", "");
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The instance, as Collect names it. */
    public Multipart xml(String xml) {
        return file("xml_submission_file", "submission.xml", "text/xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    /** A media file: Collect uses the file name as the part name too. */
    public Multipart file(String name, String contentType, byte[] bytes) {
        return file(name, name, contentType, bytes);
    }

    public Multipart file(String part, String filename, String contentType, byte[] bytes) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
        out.writeBytes(bytes);
        write("\r\n");
        return this;
    }

    /** A plain field, such as {@code *isIncomplete*}. */
    public Multipart field(String name, String value) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
        return this;
    }

    public byte[] bytes() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(out.toByteArray());
        copy.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return copy.toByteArray();
    }

    private void write(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
