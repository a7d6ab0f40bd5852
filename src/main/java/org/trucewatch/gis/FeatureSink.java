package org.trucewatch.gis;

import java.io.IOException;

/** Receives the features of a layer one at a time, as they are read from the database. */
@FunctionalInterface
public interface FeatureSink {
    void accept(LayerFeature feature) throws IOException;

    /** For row callbacks that cannot throw checked exceptions: an I/O failure goes up unchecked. */
    default void acceptUnchecked(LayerFeature feature) {
        try {
            accept(feature);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
