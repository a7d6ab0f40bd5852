package org.trucewatch.zones.files;

import java.util.List;
import org.trucewatch.geo.ToWgs84;

/** The features of a zone file and how to bring them to WGS 84. */
public record ZoneFile(ToWgs84 crs, List<RawZoneFeature> features) {
}
