package org.trucewatch.geo;

/**
 * The coordinate operation that brought a geometry to WGS 84, as its registry describes it.
 * {@code code} is the EPSG code of the datum transformation (e.g. {@code EPSG:15730}), null
 * when none was needed or the operation has no code (a WKT {@code TOWGS84}); {@code accuracyM}
 * is the positional accuracy the registry states, in metres on the ground (0 for a pure
 * change of coordinates on the same datum). {@code datumShiftOmitted} is true when no
 * transformation between the two datums was known and positions were carried over unshifted
 * ("ballpark"): then {@code accuracyM} is only a bound, and may be off by hundreds of metres.
 * {@code outsideAreaOfUse} is true when some positions lay outside the area EPSG gives the
 * operation ({@code areaOfUse}): its stated accuracy says nothing about them.
 */
public record Transformation(String name, String code, double accuracyM, boolean datumShiftOmitted,
                             String areaOfUse, boolean outsideAreaOfUse) {

    /** Already WGS 84: nothing done. */
    public static final Transformation NONE = new Transformation("none (already WGS 84)", null, 0, false, null, false);

    /** The same operation, applied to positions outside its area of use. */
    Transformation outside() {
        return new Transformation(name, code, accuracyM, datumShiftOmitted, areaOfUse, true);
    }

    /** E.g. "Bogota 1975 to WGS 84 (8) (EPSG:15732), accuracy 1 m". */
    public String describe() {
        String what = (code == null ? name : name + " (" + code + ")")
                + (outsideAreaOfUse ? ", applied outside its area of use (" + areaOfUse + ")" : "");
        return datumShiftOmitted ? what + ", datum shift omitted, accuracy unknown (up to " + metres(accuracyM) + ")"
                : what + ", accuracy " + metres(accuracyM);
    }

    static String metres(double m) {
        return (m == Math.rint(m) ? String.valueOf((long) m) : String.valueOf(m)) + " m";
    }
}
