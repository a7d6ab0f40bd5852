package org.trucewatch.forms;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.util.UUID;

/** A row of {@code report_revision} (schema: migrations/V20): an edited submission and the report it replaces. */
@MappedEntity("report_revision")
record ReportRevision(@Id UUID reportId, UUID supersedesReportId) {
}
