package org.trucewatch.access;

import java.util.List;
import java.util.Set;

/**
 * What the access policy needs to know of a mechanism's structure to decide a chair's reach:
 * its levels in escalation order and the areas of responsibility of its teams. Implemented
 * by the mechanisms capability, which owns the protocols; access only reads it.
 */
public interface MechanismLevels {

    /** The mechanism's level codes in escalation order, the entry level first; empty when unknown. */
    List<String> levels(String mechanism);

    /** The codes of the areas of responsibility of a team at a level; empty when the team covers the whole level. */
    Set<String> teamAreas(String mechanism, String level, String team);
}
