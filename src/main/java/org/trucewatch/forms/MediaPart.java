package org.trucewatch.forms;

import java.io.IOException;
import java.io.InputStream;

/**
 * One file part of a submission: its file name (as the instance refers to it), type, length
 * and where its bytes wait (the multipart decoder's buffer file, for large parts): they are
 * read from there in chunks, never held whole.
 */
record MediaPart(String name, String contentType, long size, Content content) {

    /** Opens the part's bytes: once only (the decoder releases its buffer as it hands them over). */
    @FunctionalInterface
    interface Content {
        InputStream open() throws IOException;
    }

    static MediaPart of(String name, String contentType, long size, Content content) {
        return new MediaPart(name, contentType == null ? "application/octet-stream" : contentType, size, content);
    }
}
