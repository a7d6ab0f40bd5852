package org.trucewatch.zones;

import org.trucewatch.zones.model.ZoneType;
import java.util.List;

/**
 * What an import did, feature by feature, in file order (derived security zones follow their
 * area), and how many stored reports had their zone relations evaluated again because a
 * change reached back to when they were observed.
 */
public record ImportZonesReport(String crs, int features, int created, int newVersions, int unchanged,
                                List<FeatureOutcome> outcomes, int reportsReevaluated, CrsReport transformation) {

    public ImportZonesReport(String crs, int features, int created, int newVersions, int unchanged,
                             List<FeatureOutcome> outcomes, CrsReport transformation) {
        this(crs, features, created, newVersions, unchanged, outcomes, 0, transformation);
    }

    ImportZonesReport withReportsReevaluated(int n) {
        return new ImportZonesReport(crs, features, created, newVersions, unchanged, outcomes, n, transformation);
    }

    /**
     * How the layer reached WGS 84: its CRS, every operation applied (with EPSG's stated
     * accuracy and how many features used it), the worst accuracy, the limit it was held to
     * and on what basis it passed: {@code exact} (no datum shift needed), {@code within-limit},
     * {@code named} (the admin named the transformation) or {@code accepted} (the admin
     * accepted up to {@code acceptedAccuracyM}).
     */
    public record CrsReport(String layer, String sourceCrs, List<UsedOperation> operations, double accuracyM,
                            double limitM, String basis, Double acceptedAccuracyM) {
    }

    /** One coordinate operation an import applied. {@code code} is EPSG's, null for a plain conversion. */
    public record UsedOperation(String name, String code, double accuracyM, boolean datumShiftOmitted,
                                String areaOfUse, boolean outsideAreaOfUse, int features) {
    }

    /** One feature's fate. {@code index} is its position in the file (-1 for a derived zone). */
    public record FeatureOutcome(int index, String code, ZoneType type, Outcome outcome, int version, String note) {
    }

    public enum Outcome {
        CREATED, NEW_VERSION, UNCHANGED, SKIPPED, CLOSED
    }
}
