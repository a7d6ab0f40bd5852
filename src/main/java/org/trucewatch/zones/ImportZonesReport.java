package org.trucewatch.zones;

import java.util.List;

/**
 * What an import did, feature by feature, in file order (derived security zones follow their
 * area), and how many stored reports had their zone relations evaluated again because a
 * change reached back to when they were observed.
 */
public record ImportZonesReport(String crs, int features, int created, int newVersions, int unchanged,
                                List<FeatureOutcome> outcomes, int reportsReevaluated) {

    public ImportZonesReport(String crs, int features, int created, int newVersions, int unchanged,
                             List<FeatureOutcome> outcomes) {
        this(crs, features, created, newVersions, unchanged, outcomes, 0);
    }

    ImportZonesReport withReportsReevaluated(int n) {
        return new ImportZonesReport(crs, features, created, newVersions, unchanged, outcomes, n);
    }

    /** One feature's fate. {@code index} is its position in the file (-1 for a derived zone). */
    public record FeatureOutcome(int index, String code, ZoneType type, Outcome outcome, int version, String note) {
    }

    public enum Outcome {
        CREATED, NEW_VERSION, UNCHANGED, SKIPPED, CLOSED
    }
}
