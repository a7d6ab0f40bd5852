package org.trucewatch.mechanisms;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import org.trucewatch.access.MechanismLevels;

/** The current protocols' levels and teams, as the access policy reads them to decide a chair's reach. */
@Singleton
class ProtocolLevels implements MechanismLevels {
    private final MechanismService mechanisms;

    ProtocolLevels(MechanismService mechanisms) {
        this.mechanisms = mechanisms;
    }

    @Override
    public List<String> levels(String mechanism) {
        return mechanisms.protocol(mechanism)
                .map(p -> p.levels().stream().map(MechanismProtocol.Level::code).toList()).orElse(List.of());
    }

    @Override
    public Set<String> teamAreas(String mechanism, String level, String team) {
        return mechanisms.protocol(mechanism).flatMap(p -> p.level(level))
                .flatMap(l -> l.teams().stream().filter(t -> t.code().equals(team)).findFirst())
                .map(t -> Set.copyOf(t.areas())).orElse(Set.of());
    }
}
