package org.trucewatch.gis.export;

import java.util.List;
import org.trucewatch.access.Principal;
import org.trucewatch.gis.FeatureSink;
import org.trucewatch.gis.Layer;
import org.trucewatch.gis.LayerField;
import org.trucewatch.gis.LayerQuery;

/**
 * What an export writes: the layer's features for this caller and query, with the caller's
 * schema, and the format options asked for ({@code byteOrderMark}: CSV's {@code bom=true}).
 */
public record ExportSource(Layer layer, LayerQuery query, Principal principal, List<LayerField> fields,
                           boolean byteOrderMark) {

    public ExportSource(Layer layer, LayerQuery query, Principal principal, List<LayerField> fields) {
        this(layer, query, principal, fields, false);
    }

    public String name() {
        return layer.id();
    }

    /** Streams every matching feature, redacted for the caller, to the sink. */
    public void forEach(FeatureSink sink) {
        layer.read(query, principal, sink);
    }
}
