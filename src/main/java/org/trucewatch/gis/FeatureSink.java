package org.trucewatch.gis;

import java.io.IOException;

/** Receives the features of a layer one at a time, as they are read from the database. */
@FunctionalInterface
public interface FeatureSink {
    void accept(LayerFeature feature) throws IOException;
}
