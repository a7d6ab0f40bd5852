package org.trucewatch.gis;

import java.time.Instant;
import org.trucewatch.access.SqlFragment;

/**
 * One layer as one caller may read it, at one instant: the layer's SQL, and the FROM item that
 * holds only the rows the caller may see (for reports and incidents the access policy's scope,
 * each row with its {@code visibility}), with its bind values.
 */
record LayerSource(LayerSql sql, SqlFragment from, Instant now) {
}
