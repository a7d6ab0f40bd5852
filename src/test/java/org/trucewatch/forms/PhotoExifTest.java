package org.trucewatch.forms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The EXIF read from a received photo: position and time when present, nothing (and no refusal) otherwise. */
class PhotoExifTest {

    @Test
    void theFixturesGpsPositionAndGpsTimeAreRead() throws Exception {
        try (InputStream photo = PhotoExifTest.class.getResourceAsStream("/media/photo-gps.jpg")) {
            PhotoExif exif = PhotoExif.read(photo);
            assertThat(exif.hasPosition()).isTrue();
            assertThat(exif.latitude()).isEqualTo(33.275);
            assertThat(exif.longitude()).isEqualTo(35.2);
            // GPS time (UTC) agrees with DateTimeOriginal 10:00 at +02:00.
            assertThat(exif.takenAt()).isEqualTo(Instant.parse("2026-01-01T08:00:00Z"));
            assertThat(exif.takenLocal()).isNull();
        }
    }

    @Test
    void bytesThatAreNoImageGiveNoExifAndNoError() {
        assertThat(PhotoExif.read(new ByteArrayInputStream(new byte[] {1, 2, 3}))).isEqualTo(PhotoExif.NONE);
        assertThat(PhotoExif.read(new ByteArrayInputStream(new byte[0]))).isEqualTo(PhotoExif.NONE);
        // A JPEG start marker and then nothing: truncated, not a crash.
        assertThat(PhotoExif.read(new ByteArrayInputStream(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1})))
                .isEqualTo(PhotoExif.NONE);
    }
}
