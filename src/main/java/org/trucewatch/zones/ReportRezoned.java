package org.trucewatch.zones;

import java.util.List;
import org.trucewatch.intake.ReportRevised;

/** A corrected report with its zone relations (judged again when it moved in space or time), for mechanisms. */
public record ReportRezoned(ReportRevised revision, List<ZoneRelationView> relations) {
}
