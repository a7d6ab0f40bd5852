package org.trucewatch.zones;

import java.util.List;
import org.trucewatch.intake.Report;

/**
 * Published inside the intake's transaction once a new report's relations to the zones
 * valid at its observed time are stored: what the mechanisms route on.
 */
public record ReportZoned(Report report, List<ZoneRelationView> relations) {
}
