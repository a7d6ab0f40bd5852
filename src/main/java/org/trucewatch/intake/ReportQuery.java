package org.trucewatch.intake;

import java.util.List;
import java.util.UUID;
import org.trucewatch.geo.Bbox;
import org.trucewatch.geo.TimeInterval;

/** A parsed, validated report search: filters, page size and the keyset cursor (last id seen). */
public record ReportQuery(Bbox bbox, TimeInterval datetime, List<String> categories, int limit, UUID after) {
}
