package org.trucewatch.gis;

import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.trucewatch.problem.ProblemException;

/** Every {@link Layer} bean and its per-geometry-kind parts, by id, in a stable order: what the OGC API lists and the exports offer. */
@Singleton
public class LayerRegistry {
    private final List<Layer> layers;

    LayerRegistry(List<Layer> layers) {
        // A mixed layer brings its per-geometry-kind layers (reports-points, …) with it.
        this.layers = layers.stream().flatMap(l -> java.util.stream.Stream.concat(java.util.stream.Stream.of(l),
                l.parts().stream())).sorted(Comparator.comparing(Layer::id)).toList();
    }

    public List<Layer> all() {
        return layers;
    }

    public Optional<Layer> find(String id) {
        return layers.stream().filter(l -> l.id().equals(id)).findFirst();
    }

    /** The layer, or 404 naming the ones that exist. */
    public Layer get(String id) {
        return find(id).orElseThrow(() -> ProblemException.notFound("No layer '" + id + "'; layers: "
                + String.join(", ", layers.stream().map(Layer::id).toList())));
    }
}
