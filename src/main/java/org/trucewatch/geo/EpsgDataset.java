package org.trucewatch.geo;

import java.io.Writer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EPSG geodetic dataset Apache SIS reads from the read-only Derby database inside
 * {@code sis-embedded-data}. Derby writes a {@code derby.log} into the working directory
 * unless told otherwise; its messages go to the log here instead, so neither the service nor
 * a test run leaves files behind.
 */
public final class EpsgDataset {
    private static final Logger LOG = LoggerFactory.getLogger("org.apache.derby");

    /** Where Derby writes its messages: {@code derby.stream.error.field} names this field. */
    public static final Writer DERBY_LOG = new Writer() {
        private final StringBuilder line = new StringBuilder();

        @Override
        public synchronized void write(char[] buffer, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (buffer[i] == '\n') {
                    flush();
                } else {
                    line.append(buffer[i]);
                }
            }
        }

        @Override
        public synchronized void flush() {
            if (!line.isEmpty()) {
                LOG.debug("{}", line.toString().strip());
                line.setLength(0);
            }
        }

        @Override
        public void close() {
            flush();
        }
    };

    private EpsgDataset() {
    }

    /** Must run before Derby boots, i.e. before SIS first reads the EPSG dataset. */
    public static void quietDerby() {
        if (System.getProperty("derby.stream.error.field") == null && System.getProperty("derby.stream.error.file") == null) {
            System.setProperty("derby.stream.error.field", EpsgDataset.class.getName() + ".DERBY_LOG");
        }
    }
}
