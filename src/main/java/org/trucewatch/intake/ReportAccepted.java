package org.trucewatch.intake;

import io.micronaut.core.annotation.Nullable;

/**
 * Published inside the intake's transaction when a new report is stored (not for resends):
 * the next capabilities downstream (zones, then mechanisms) act on it in the same
 * transaction, so a report is never kept without what follows from it.
 *
 * @param reading what the {@link ReportInsertReading} bean's expression gave in the report's
 *                INSERT; null when there is no such bean
 */
public record ReportAccepted(Report report, @Nullable Long reading) {
}
