package org.trucewatch.zones;

import org.trucewatch.zones.model.ZoneView;
import java.util.List;
import java.util.Map;

/**
 * A zone version with its history and the reports in it by category: for an area, reports
 * it covers; for a ceasefire line, reports within its {@code nearLineM}; each report against
 * the version valid at its observedAt.
 */
public record ZoneDetailView(ZoneView zone, List<ZoneView> versions, Map<String, Long> reportsByCategory,
                             long reports) {
}
