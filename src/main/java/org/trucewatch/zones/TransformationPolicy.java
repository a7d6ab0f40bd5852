package org.trucewatch.zones;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.trucewatch.geo.ToWgs84;
import org.trucewatch.geo.Transformation;
import org.trucewatch.problem.FieldError;
import org.trucewatch.zones.ImportZonesCommand.CrsOptions;
import org.trucewatch.zones.ImportZonesReport.CrsReport;
import org.trucewatch.zones.ImportZonesReport.UsedOperation;
import org.trucewatch.zones.files.ZoneDraft;

/**
 * Whether a file's way to WGS 84 is good enough to judge reports against. A zone is only as
 * right as the datum shift that placed it: a transformation EPSG rates worse than the limit,
 * one applied outside its area of use, or none at all where the datums differ ("ballpark")
 * refuses the import, naming the CRS, the accuracy and the fix, unless the admin named the
 * transformation or accepted that accuracy explicitly. The limit is the configured one
 * (default 5 m) and never more than a tenth of the smallest {@code securityZoneM} or
 * {@code nearLineM} the zones rely on.
 */
final class TransformationPolicy {
    /** The limit is at most this share of the smallest distance a zone is judged by. */
    static final double SHARE_OF_SMALLEST_DISTANCE = 0.1;

    private TransformationPolicy() {
    }

    /** The limit for these zones: the configured one, or a tenth of their smallest distance if less. */
    static double limit(double configuredM, List<ZoneDraft> drafts, Double smallestStoredDistanceM) {
        double smallest = smallestStoredDistanceM == null ? Double.POSITIVE_INFINITY : smallestStoredDistanceM;
        for (ZoneDraft d : drafts) {
            for (String property : List.of("securityZoneM", "nearLineM")) {
                if (d.properties().path(property).isNumber() && d.properties().path(property).doubleValue() > 0) {
                    smallest = Math.min(smallest, d.properties().path(property).doubleValue());
                }
            }
        }
        return Math.min(configuredM, smallest * SHARE_OF_SMALLEST_DISTANCE);
    }

    /** The report on how the file reached WGS 84; what is not acceptable goes to {@code errors}. */
    static CrsReport judge(ToWgs84 crs, String layer, List<ZoneDraft> drafts, CrsOptions options, double limitM,
                           List<FieldError> errors) {
        Map<String, List<Integer>> featuresByOperation = new LinkedHashMap<>();
        Map<String, Transformation> operations = new LinkedHashMap<>();
        for (ZoneDraft d : drafts) {
            for (Transformation t : d.transformations()) {
                String key = t.name() + "|" + t.code() + "|" + t.outsideAreaOfUse();
                operations.putIfAbsent(key, t);
                featuresByOperation.computeIfAbsent(key, k -> new ArrayList<>()).add(d.index());
            }
        }
        List<UsedOperation> used = new ArrayList<>();
        double worst = 0;
        boolean allExact = true;
        for (var e : operations.entrySet()) {
            Transformation t = e.getValue();
            List<Integer> features = featuresByOperation.get(e.getKey());
            used.add(new UsedOperation(t.name(), t.code(), t.accuracyM(), t.datumShiftOmitted(), t.areaOfUse(),
                    t.outsideAreaOfUse(), new TreeSet<>(features).size()));
            worst = Math.max(worst, t.accuracyM());
            allExact &= t.accuracyM() == 0 && !t.datumShiftOmitted();
            if (options.transformation() != null) {
                continue; // the admin named it: their choice, recorded
            }
            String fault = fault(t, limitM, options.acceptAccuracyM());
            if (fault != null) {
                errors.add(FieldError.at("/crs", crs.crsLabel() + ": " + t.describe() + " " + fault + " (features "
                        + new TreeSet<>(features) + "). To import, convert the file to WGS 84 with a transformation"
                        + " you trust, or name one (transformation=EPSG:code, from this CRS's datum to WGS 84),"
                        + " or accept this accuracy explicitly (acceptAccuracyM=" + accept(t) + ")"));
            }
        }
        String basis = options.transformation() != null ? "named"
                : allExact ? "exact"
                : worst <= limitM && used.stream().noneMatch(u -> u.datumShiftOmitted() || u.outsideAreaOfUse())
                ? "within-limit" : "accepted";
        return new CrsReport(layer, crs.crsLabel(), used, worst, limitM, basis,
                basis.equals("accepted") ? options.acceptAccuracyM() : null);
    }

    private static String fault(Transformation t, double limitM, Double acceptedM) {
        if (acceptedM != null && t.accuracyM() <= acceptedM) {
            return null;
        }
        if (t.datumShiftOmitted()) {
            return "moves nothing between two different datums";
        }
        if (t.outsideAreaOfUse()) {
            return "was applied outside its area of use, where its accuracy is unknown";
        }
        if (t.accuracyM() > limitM) {
            return "is less accurate than the " + metres(limitM) + " allowed";
        }
        return null;
    }

    private static String accept(Transformation t) {
        return metres(t.accuracyM()).replace(" m", "");
    }

    static String metres(double m) {
        return m == Math.rint(m) ? (long) m + " m" : String.format(Locale.ROOT, "%.2f m", m);
    }
}
