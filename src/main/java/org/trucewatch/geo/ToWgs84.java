package org.trucewatch.geo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sis.geometry.Envelopes;
import org.apache.sis.geometry.GeneralEnvelope;
import org.apache.sis.metadata.iso.citation.Citations;
import org.apache.sis.metadata.iso.extent.DefaultGeographicBoundingBox;
import org.apache.sis.referencing.CRS;
import org.apache.sis.referencing.CommonCRS;
import org.apache.sis.referencing.IdentifiedObjects;
import org.apache.sis.referencing.crs.AbstractCRS;
import org.apache.sis.referencing.cs.AxesConvention;
import org.apache.sis.referencing.operation.transform.MathTransforms;
import org.apache.sis.util.Utilities;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.opengis.metadata.Identifier;
import org.opengis.metadata.extent.GeographicBoundingBox;
import org.opengis.referencing.crs.CoordinateReferenceSystem;
import org.opengis.referencing.crs.GeodeticCRS;
import org.opengis.referencing.crs.ProjectedCRS;
import org.opengis.referencing.crs.SingleCRS;
import org.opengis.referencing.datum.GeodeticDatum;
import org.opengis.referencing.operation.ConcatenatedOperation;
import org.opengis.referencing.operation.CoordinateOperation;
import org.opengis.referencing.operation.CoordinateOperationAuthorityFactory;
import org.opengis.referencing.operation.MathTransform;
import org.opengis.referencing.operation.SingleOperation;
import org.opengis.referencing.operation.TransformException;
import org.opengis.util.FactoryException;

/**
 * Brings geometries from a file's CRS to WGS 84 longitude/latitude with Apache SIS and the
 * EPSG geodetic dataset (module {@code sis-embedded-data}).
 *
 * <p>A CRS is found by its EPSG code, else from the file's WKT. For each geometry, the datum
 * transformation is the one EPSG rates most accurate among those whose area of use covers
 * the geometry's extent (the area of interest), as PROJ chooses per position: a file of
 * Colombian zones in Bogota 1975 gets the regional transformation of each zone's region,
 * 1 m, not the national one, 10 m. {@link #using(String)} fixes one operation instead.
 * Every result says which {@link Transformation} was applied and how accurate EPSG says it
 * is; whether that is good enough is the caller's policy, not decided here.
 *
 * <p>The web Pseudo-Mercator is always EPSG:3857 itself: the WKT 1 that GeoPackage writers
 * store for it says {@code Mercator_1SP} on the WGS 84 ellipsoid, which a faithful reader
 * turns into the ellipsoidal Mercator, 19 km off at 33°N.
 */
public final class ToWgs84 {
    static {
        EpsgDataset.quietDerby(); // first: the fields below may already open the EPSG dataset
    }

    private static final Set<Long> PSEUDO_MERCATOR = Set.of(3857L, 900913L, 3785L, 102100L, 102113L);
    private static final CoordinateReferenceSystem WGS84 = CommonCRS.WGS84.normalizedGeographic();

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ToWgs84.class);


    private final CoordinateReferenceSystem source;
    private final String name;
    private final String code;
    /** Projected or geographic source to longitude/latitude on its own datum: only for areas of interest. */
    private final MathTransform toOwnGeographic;
    /** A fixed operation ({@link #using}), or null to choose by area. */
    private final Candidate fixed;
    private final Map<Envelope, Candidate> byArea = new ConcurrentHashMap<>();
    private volatile List<Candidate> shifts;

    /** One operation EPSG offers, with the longitude/latitude box of its area of use (null: world). */
    private record Candidate(MathTransform transform, Transformation transformation, GeographicBoundingBox domain) {
        double areaDegrees() {
            return domain == null ? Double.MAX_VALUE
                    : (domain.getNorthBoundLatitude() - domain.getSouthBoundLatitude())
                    * Math.abs(domain.getEastBoundLongitude() - domain.getWestBoundLongitude());
        }

        boolean covers(double lon, double lat) {
            return domain == null || (lat >= domain.getSouthBoundLatitude() && lat <= domain.getNorthBoundLatitude()
                    && covers(lon));
        }

        private boolean covers(double lon) {
            double west = domain.getWestBoundLongitude();
            double east = domain.getEastBoundLongitude();
            return west <= east ? lon >= west && lon <= east : lon >= west || lon <= east; // across 180°
        }
    }

    /** A geometry in WGS 84 (SRID 4326) and the operations that put it there, best first. */
    public record Result(Geometry geometry, List<Transformation> transformations) {
        /** The worst stated accuracy among them, metres. */
        public double accuracyM() {
            return transformations.stream().mapToDouble(Transformation::accuracyM).max().orElse(0);
        }
    }

    private ToWgs84(CoordinateReferenceSystem source, String name, String code, MathTransform toOwnGeographic,
                    Candidate fixed) {
        this.source = source;
        this.name = name;
        this.code = code;
        this.toOwnGeographic = toOwnGeographic;
        this.fixed = fixed;
    }

    /** Already WGS 84 longitude/latitude: no transformation. */
    public static ToWgs84 identity() {
        return new ToWgs84(WGS84, "WGS 84", "EPSG:4326", null, new Candidate(null, Transformation.NONE, null));
    }

    /**
     * The CRS named by {@code authority:code} or, when the code is not in the EPSG dataset,
     * defined by one of the WKT {@code definitions} (blank ones skipped). Axis order follows
     * the GeoPackage and GeoJSON rule, x = easting or longitude.
     *
     * @throws IllegalArgumentException naming the CRS when it cannot be resolved
     */
    public static ToWgs84 from(String authority, Long code, String... definitions) {
        CoordinateReferenceSystem crs = resolve(authority, code, definitions);
        if (crs == null) {
            throw new IllegalArgumentException("unknown coordinate reference system " + authority + ":" + code
                    + "; give an EPSG code or a WKT definition");
        }
        CoordinateReferenceSystem source = AbstractCRS.castOrCopy(crs).forConvention(AxesConvention.RIGHT_HANDED);
        String epsg = epsgCode(crs, authority, code);
        if (Utilities.equalsIgnoreMetadata(source, WGS84)) {
            return new ToWgs84(source, crs.getName().getCode(), epsg, null,
                    new Candidate(null, Transformation.NONE, null));
        }
        return new ToWgs84(source, crs.getName().getCode(), epsg, ownGeographic(source), null);
    }

    /**
     * The same CRS brought to WGS 84 by one named operation instead of the best for each
     * position: an EPSG transformation code ({@code EPSG:15730} or {@code 15730}) whose source
     * is this CRS's datum and whose target is WGS 84.
     *
     * @throws IllegalArgumentException when the code is unknown or does not fit this CRS
     */
    public ToWgs84 using(String operation) {
        String wanted = operation.strip().toUpperCase(Locale.ROOT);
        if (!wanted.startsWith("EPSG:")) {
            wanted = "EPSG:" + wanted;
        }
        CoordinateOperation op;
        try {
            op = ((CoordinateOperationAuthorityFactory) CRS.getAuthorityFactory(null)).createCoordinateOperation(wanted);
        } catch (FactoryException | ClassCastException e) {
            throw new IllegalArgumentException("no coordinate operation " + wanted + " in the EPSG dataset");
        }
        GeodeticDatum from = datum(op.getSourceCRS());
        GeodeticDatum mine = datum(source);
        if (from == null || mine == null || !sameDatum(from, mine) || !isWgs84(op.getTargetCRS())) {
            throw new IllegalArgumentException(wanted + " (" + op.getName().getCode() + ") transforms "
                    + name(op.getSourceCRS()) + " to " + name(op.getTargetCRS()) + "; this file is in " + name
                    + ": name a transformation from " + (mine == null ? name : mine.getName().getCode()) + " to WGS 84");
        }
        try {
            MathTransform in = CRS.findOperation(source, op.getSourceCRS(), null).getMathTransform();
            MathTransform out = CRS.findOperation(op.getTargetCRS(), WGS84, null).getMathTransform();
            MathTransform all = MathTransforms.concatenate(in, op.getMathTransform(), out);
            return new ToWgs84(source, name, code, toOwnGeographic, candidate(op, all));
        } catch (FactoryException e) {
            throw new IllegalArgumentException(wanted + " cannot be applied to " + name + ": " + e.getMessage(), e);
        }
    }

    /** The CRS's name, e.g. "Bogota 1975 / Colombia Bogota zone". */
    public String crsName() {
        return name;
    }

    /** The CRS's EPSG code, e.g. "EPSG:21897", or null when it has none (a WKT definition). */
    public String crsCode() {
        return code;
    }

    /** E.g. "EPSG:21897 Bogota 1975 / Colombia Bogota zone". */
    public String crsLabel() {
        return code == null ? name : code + " " + name;
    }

    /** A copy of {@code geometry} in WGS 84 longitude/latitude with SRID 4326. */
    public Geometry apply(Geometry geometry) {
        return transform(geometry).geometry();
    }

    /**
     * A copy of {@code geometry} in WGS 84. Each position is moved by the most accurate
     * operation whose area of use covers it, among those EPSG offers for the geometry's
     * extent; a position no area covers takes the first of them, and the result says so.
     *
     * @throws IllegalArgumentException naming the position when one cannot be transformed
     */
    public Result transform(Geometry geometry) {
        Geometry copy = Wgs84.FACTORY.createGeometry(geometry);
        if (fixed != null && (fixed.transform() == null || fixed.transform().isIdentity())) {
            return new Result(copy, List.of(fixed.transformation()));
        }
        List<Candidate> candidates = new ArrayList<>(fixed != null ? List.of() : datumShifts());
        candidates.add(fixed != null ? fixed : byArea.computeIfAbsent(geometry.getEnvelopeInternal(), this::sisChoice));
        int fallback = candidates.size() - 1;
        boolean[] used = new boolean[candidates.size()];
        boolean[] outside = new boolean[candidates.size()];
        double[] lonLat = new double[2];
        Transforms.inPlace(copy, xy -> {
            // Areas of use are boxes in WGS 84 terms: test the position as the fallback puts it
            // (within its metres of the truth), as PROJ tests a WGS 84 position.
            candidates.get(fallback).transform().transform(xy, 0, lonLat, 0, 1);
            int pick = 0;
            while (pick < fallback && !candidates.get(pick).covers(lonLat[0], lonLat[1])) {
                pick++;
            }
            if (!candidates.get(pick).covers(lonLat[0], lonLat[1])) {
                outside[pick] = true;
            }
            used[pick] = true;
            candidates.get(pick).transform().transform(xy, 0, xy, 0, 1);
        }, "from " + crsLabel() + " to WGS 84");
        List<Transformation> applied = new ArrayList<>();
        for (int k = 0; k < candidates.size(); k++) {
            if (used[k]) {
                Transformation t = candidates.get(k).transformation();
                applied.add(outside[k] ? t.outside() : t);
            }
        }
        return new Result(copy, applied);
    }

    /** The operation SIS itself chooses for an extent: the fallback where no EPSG area of use covers a position. */
    private Candidate sisChoice(Envelope extent) {
        try {
            CoordinateOperation op = CRS.findOperation(source, WGS84, areaOfInterest(extent));
            return candidate(op, op.getMathTransform());
        } catch (FactoryException e) {
            throw new IllegalArgumentException("no transformation from " + crsLabel() + " to WGS 84: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Every datum transformation EPSG lists from this CRS's geographic base to WGS 84 that SIS
     * can apply (those needing a grid file or a method SIS lacks are skipped), most accurate
     * first and, at equal accuracy, the one with the larger area of use (PROJ's order).
     */
    private List<Candidate> datumShifts() {
        List<Candidate> known = shifts;
        if (known != null) {
            return known;
        }
        List<Candidate> out = new ArrayList<>();
        String base = baseGeographicCode();
        if (base != null && !base.equals("4326")) {
            try {
                var factory = (CoordinateOperationAuthorityFactory) CRS.getAuthorityFactory("EPSG");
                for (CoordinateOperation op : factory.createFromCoordinateReferenceSystemCodes(base, "4326")) {
                    Candidate c = shift(op);
                    if (c != null) {
                        out.add(c);
                    }
                }
            } catch (FactoryException | RuntimeException e) {
                LOG.debug("no EPSG transformations listed from EPSG:{} to WGS 84: {}", base, e.toString());
            }
        }
        out.sort(java.util.Comparator.comparingDouble((Candidate c) -> c.transformation().accuracyM())
                .thenComparingDouble(c -> -c.areaDegrees()));
        shifts = List.copyOf(out);
        return shifts;
    }

    private Candidate shift(CoordinateOperation op) {
        try {
            double accuracy = CRS.getLinearAccuracy(op);
            GeographicBoundingBox domain = CRS.getGeographicBoundingBox(op);
            if (Double.isNaN(accuracy) || domain == null || !(op instanceof org.opengis.referencing.operation.Transformation)) {
                return null;
            }
            MathTransform in = CRS.findOperation(source, op.getSourceCRS(), null).getMathTransform();
            MathTransform out = CRS.findOperation(op.getTargetCRS(), WGS84, null).getMathTransform();
            return new Candidate(MathTransforms.concatenate(in, op.getMathTransform(), out), describe(op), domain);
        } catch (FactoryException | RuntimeException unusable) {
            // a grid file SIS does not have, or a method it does not implement
            return null;
        }
    }

    private String baseGeographicCode() {
        CoordinateReferenceSystem base = source instanceof ProjectedCRS projected ? projected.getBaseCRS()
                : CRS.getHorizontalComponent(source);
        if (base == null) {
            return null;
        }
        Identifier id = IdentifiedObjects.getIdentifier(base, Citations.EPSG);
        if (id != null) {
            return id.getCode();
        }
        try {
            Integer found = IdentifiedObjects.lookupEPSG(base);
            return found == null ? null : found.toString();
        } catch (FactoryException e) {
            return null;
        }
    }

    private static Candidate candidate(CoordinateOperation op, MathTransform transform) {
        Transformation t = describe(op);
        boolean sameDatum = t.accuracyM() == 0 && !t.datumShiftOmitted();
        SingleOperation step = datumShift(op);
        GeographicBoundingBox domain = sameDatum || t.datumShiftOmitted() || step == null ? null
                : org.apache.sis.metadata.iso.extent.Extents.getGeographicBoundingBox(step.getDomainOfValidity());
        return new Candidate(transform, t, domain);
    }

    private DefaultGeographicBoundingBox areaOfInterest(Envelope extent) {
        GeneralEnvelope box = new GeneralEnvelope(2);
        box.setRange(0, extent.getMinX(), extent.getMaxX());
        box.setRange(1, extent.getMinY(), extent.getMaxY());
        try {
            GeneralEnvelope lonLat = Envelopes.transform(toOwnGeographic, box);
            return new DefaultGeographicBoundingBox(Math.max(-180, lonLat.getMinimum(0)),
                    Math.min(180, lonLat.getMaximum(0)), Math.max(-90, lonLat.getMinimum(1)),
                    Math.min(90, lonLat.getMaximum(1)));
        } catch (TransformException | RuntimeException e) {
            throw new IllegalArgumentException("the extent " + extent + " lies outside " + crsLabel()
                    + "'s domain: " + e.getMessage(), e);
        }
    }

    /** What an operation is called, its EPSG code (of the datum shift step) and EPSG's stated accuracy. */
    static Transformation describe(CoordinateOperation op) {
        SingleOperation shift = datumShift(op);
        double accuracy = CRS.getLinearAccuracy(op);
        if (shift == null) {
            return new Transformation("conversion only (same datum)", null, Double.isNaN(accuracy) ? 0 : accuracy, false,
                    null, false);
        }
        String shiftCode = IdentifiedObjects.toString(IdentifiedObjects.getIdentifier(shift, null));
        boolean ballpark = shiftCode == null && isBallpark(shift, accuracy);
        String area = shift.getDomainOfValidity() == null || shift.getDomainOfValidity().getDescription() == null
                ? null : shift.getDomainOfValidity().getDescription().toString();
        return new Transformation(shift.getName().getCode(), shiftCode, Double.isNaN(accuracy) ? 3000 : accuracy,
                ballpark, area, false);
    }

    /** SIS names an operation it made up without datum shift "Datum shift omitted" or similar. */
    private static boolean isBallpark(SingleOperation shift, double accuracy) {
        return Double.isNaN(accuracy) || accuracy >= 3000
                || shift.getCoordinateOperationAccuracy().stream().anyMatch(a -> String.valueOf(a).contains("omitted"));
    }

    /** The step that changes datum, or null when source and target share one. */
    private static SingleOperation datumShift(CoordinateOperation op) {
        if (op instanceof ConcatenatedOperation concatenated) {
            for (CoordinateOperation step : concatenated.getOperations()) {
                SingleOperation found = datumShift(step);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (op instanceof SingleOperation single && op instanceof org.opengis.referencing.operation.Transformation) {
            return single;
        }
        return null;
    }

    private static MathTransform ownGeographic(CoordinateReferenceSystem source) {
        CoordinateReferenceSystem base = source;
        if (source instanceof ProjectedCRS projected) {
            base = projected.getBaseCRS();
        }
        try {
            CoordinateReferenceSystem lonLat = AbstractCRS.castOrCopy(base).forConvention(AxesConvention.RIGHT_HANDED);
            return CRS.findOperation(source, lonLat, null).getMathTransform();
        } catch (FactoryException e) {
            throw new IllegalArgumentException("the CRS " + source.getName().getCode() + " has no geographic base: "
                    + e.getMessage(), e);
        }
    }

    private static GeodeticDatum datum(CoordinateReferenceSystem crs) {
        SingleCRS horizontal = CRS.getHorizontalComponent(crs);
        return horizontal instanceof GeodeticCRS geodetic ? geodetic.getDatum()
                : horizontal instanceof ProjectedCRS projected ? projected.getDatum() : null;
    }

    /** WGS 84 geographic (EPSG 12 gives it a datum ensemble, not a datum: known by code or name). */
    private static boolean isWgs84(CoordinateReferenceSystem crs) {
        Identifier id = crs == null ? null : IdentifiedObjects.getIdentifier(crs, Citations.EPSG);
        return id != null ? Set.of("4326", "4979", "4978").contains(id.getCode())
                : crs != null && IdentifiedObjects.isHeuristicMatchForName(crs, "WGS 84");
    }

    /** The same datum by EPSG code when both have one, else by name (EPSG's and SIS's names differ in metadata only). */
    private static boolean sameDatum(GeodeticDatum a, GeodeticDatum b) {
        Identifier x = IdentifiedObjects.getIdentifier(a, Citations.EPSG);
        Identifier y = IdentifiedObjects.getIdentifier(b, Citations.EPSG);
        if (x != null && y != null) {
            return x.getCode().equals(y.getCode());
        }
        return Utilities.equalsIgnoreMetadata(a, b) || IdentifiedObjects.isHeuristicMatchForName(a, b.getName().getCode());
    }

    private static String name(CoordinateReferenceSystem crs) {
        return crs == null ? "?" : crs.getName().getCode();
    }

    private static String epsgCode(CoordinateReferenceSystem crs, String authority, Long code) {
        if (code != null && authority != null && authority.equalsIgnoreCase("EPSG")) {
            return "EPSG:" + (PSEUDO_MERCATOR.contains(code) ? 3857 : code);
        }
        Identifier id = IdentifiedObjects.getIdentifier(crs, Citations.EPSG);
        return id == null ? null : "EPSG:" + id.getCode();
    }

    private static CoordinateReferenceSystem resolve(String authority, Long code, String... definitions) {
        if (code != null && authority != null && authority.equalsIgnoreCase("EPSG")) {
            try {
                return CRS.forCode("EPSG:" + (PSEUDO_MERCATOR.contains(code) ? 3857 : code));
            } catch (FactoryException notInDataset) {
                // fall through to the file's own definition
            }
        }
        for (String definition : definitions) {
            if (definition != null && !definition.isBlank() && !definition.strip().equalsIgnoreCase("undefined")) {
                CoordinateReferenceSystem crs = parse(definition);
                if (crs != null) {
                    return crs;
                }
            }
        }
        return null;
    }

    private static CoordinateReferenceSystem parse(String wkt) {
        try {
            return CRS.fromWKT(wkt);
        } catch (FactoryException | RuntimeException e) {
            return null;
        }
    }
}
