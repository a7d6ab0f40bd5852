package org.trucewatch.reports;

import java.time.Instant;
import java.util.UUID;

/**
 * One issued periodic report as stored ({@code issued_report}): the content is the exact JSON
 * text issued, with its SHA-256; every download is rendered from it (docs/reports.md, "Archive").
 *
 * @param level the level a monthly report is for; null: the whole mechanism
 * @param replaces the version this one corrects; null for version 1
 */
record IssuedReport(UUID id, String mechanism, String kind, String level, Instant periodStart, Instant periodEnd,
                    int version, UUID replaces, String content, byte[] sha256, Instant issuedAt, String issuedBy) {
}
