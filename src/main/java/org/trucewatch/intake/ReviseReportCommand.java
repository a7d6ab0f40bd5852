package org.trucewatch.intake;

import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.UUID;

/**
 * A correction of a stored report: the whole new content (its clientReportId names the new
 * revision, as an OpenRosa edit's new instanceID does) and the revision it was made from,
 * named by number ({@code If-Match} on the JSON API) or by instance id (OpenRosa
 * {@code meta/deprecatedID}). When that is no longer the current revision the edit is stale.
 *
 * @param fileNames the files the new revision names (an instance's photo and audio answers), part of its digest
 */
public record ReviseReportCommand(UUID reportId, @Nullable Integer fromRevision, @Nullable UUID fromInstance,
                                  SubmitReportCommand content, List<String> fileNames) {
}
