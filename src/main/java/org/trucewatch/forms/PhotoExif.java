package org.trucewatch.forms;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.lang.GeoLocation;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where and when a photo says it was taken, from its EXIF (CIPA DC-008, Exif 2.32): the GPS
 * position (GPSLatitude/GPSLongitude with their Ref tags, WGS 84 per the GPS IFD's default
 * datum) and the time, as an instant when EXIF gives one (GPSDateStamp + GPSTimeStamp in UTC,
 * or DateTimeOriginal with OffsetTimeOriginal), else as the camera's local clock. Read with
 * metadata-extractor, which reads a JPEG's segments up to the image data, not the image.
 * A photo without EXIF, or with EXIF that does not parse, is still a photo: nothing is refused.
 */
record PhotoExif(Double latitude, Double longitude, Instant takenAt, LocalDateTime takenLocal) {
    private static final Logger LOG = LoggerFactory.getLogger(PhotoExif.class);
    static final PhotoExif NONE = new PhotoExif(null, null, null, null);
    private static final DateTimeFormatter EXIF_TIME = DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss");

    boolean hasPosition() {
        return latitude != null && longitude != null;
    }

    /** The EXIF of {@code photo}; {@link #NONE} when it has none that reads. */
    static PhotoExif read(InputStream photo) {
        try (photo) {
            Metadata metadata = ImageMetadataReader.readMetadata(photo);
            GpsDirectory gps = metadata.getFirstDirectoryOfType(GpsDirectory.class);
            GeoLocation at = gps == null ? null : gps.getGeoLocation();
            // 0,0 is what a camera without a fix often writes ("null island"), not a place a monitor stood.
            boolean position = at != null && !at.isZero() && Math.abs(at.getLatitude()) <= 90
                    && Math.abs(at.getLongitude()) <= 180;
            Date gpsTime = gps == null ? null : gps.getGpsDate();
            Instant takenAt = gpsTime == null ? null : gpsTime.toInstant();
            LocalDateTime local = null;
            ExifSubIFDDirectory exif = metadata.getFirstDirectoryOfType(ExifSubIFDDirectory.class);
            if (exif != null && exif.getString(ExifDirectoryBase.TAG_DATETIME_ORIGINAL) != null) {
                local = LocalDateTime.parse(exif.getString(ExifDirectoryBase.TAG_DATETIME_ORIGINAL).trim(), EXIF_TIME);
                String offset = exif.getString(ExifDirectoryBase.TAG_TIME_ZONE_ORIGINAL);
                if (takenAt == null && offset != null) {
                    takenAt = local.toInstant(ZoneOffset.of(offset.trim()));
                }
            }
            return new PhotoExif(position ? at.getLatitude() : null, position ? at.getLongitude() : null, takenAt,
                    takenAt == null ? local : null);
        } catch (ImageProcessingException | IOException | java.time.DateTimeException e) {
            LOG.debug("photo without readable EXIF: {}", e.toString());
            return NONE;
        } catch (RuntimeException e) {
            // A library fault on a hostile file must not refuse the report; the photo is kept as sent.
            LOG.warn("EXIF of a received photo could not be read: {}", e.toString());
            return NONE;
        }
    }
}
