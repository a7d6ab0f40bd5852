package org.trucewatch.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which members of a report differ between two revisions, as JSON pointers. It compares the
 * Features as the reader sees them (already redacted), so a redacted reader never learns
 * that a confidential field changed. What names the revision itself is left out.
 */
final class RevisionDiff {
    private static final Set<String> ABOUT_THE_REVISION = Set.of("/properties/revision", "/properties/revisedAt",
            "/properties/revisedBy", "/properties/clientReportId", "/properties/changed", "/properties/taxonomyVersion");

    private RevisionDiff() {
    }

    /** Nothing for the first revision ({@code before} null). */
    static List<String> between(ObjectNode before, ObjectNode after) {
        if (before == null) {
            return List.of();
        }
        List<String> changed = new ArrayList<>();
        if (!before.path("geometry").equals(after.path("geometry"))) {
            changed.add("/geometry");
        }
        compare("/properties", before.path("properties"), after.path("properties"), changed);
        changed.removeAll(ABOUT_THE_REVISION);
        return changed;
    }

    private static void compare(String at, JsonNode a, JsonNode b, List<String> changed) {
        if (a.isObject() && b.isObject()) {
            Set<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                compare(at + "/" + name.replace("~", "~0").replace("/", "~1"), a.path(name), b.path(name), changed);
            }
        } else if (!a.equals(b)) {
            changed.add(at);
        }
    }
}
