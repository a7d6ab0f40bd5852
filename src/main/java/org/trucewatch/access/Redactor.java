package org.trucewatch.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;

/**
 * The one place fields are taken out of what a reader may not see in full. Outlets build the
 * whole record and hand it here with the reader's {@link Visibility} (decided by the
 * {@link AccessPolicy}); every {@link ConfidentialField} placed in that {@link Shape} is
 * removed from a {@link Visibility#REDACTED} view. A record the reader may not see at all is
 * never handed to an outlet: asking to redact one is a programming error.
 */
@Singleton
public class Redactor {
    private final ObjectMapper json;

    Redactor(ObjectMapper json) {
        this.json = json;
    }

    /** The tree with the confidential fields of {@code shape} removed (in place) when the view is redacted. */
    public <T extends JsonNode> T redact(Shape shape, Visibility visibility, T tree) {
        if (require(visibility)) {
            for (ConfidentialField field : ConfidentialField.values()) {
                for (String path : field.pathsIn(shape)) {
                    remove(tree, segments(path));
                }
            }
        }
        return tree;
    }

    /** A typed view with the confidential fields of {@code shape} cleared (through its JSON form). */
    public <T> T redactView(Shape shape, Visibility visibility, T view, Class<T> type) {
        if (!require(visibility)) {
            return view;
        }
        JsonNode whole = json.valueToTree(view);
        JsonNode tree = redact(shape, visibility, whole);
        try {
            return json.treeToValue(tree, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a redacted " + type.getSimpleName() + " no longer reads back", e);
        }
    }

    /** Flat attributes (a layer feature's) without the confidential ones of {@code shape} when redacted. */
    public Map<String, Object> redact(Shape shape, Visibility visibility, Map<String, Object> attributes) {
        if (!require(visibility)) {
            return attributes;
        }
        Set<String> hidden = attributeNames(shape);
        Map<String, Object> out = new LinkedHashMap<>(attributes);
        out.keySet().removeAll(hidden);
        return out;
    }

    /** The attribute names of {@code shape} that are confidential: a schema for readers who never see in full leaves them out. */
    public Set<String> attributeNames(Shape shape) {
        return java.util.Arrays.stream(ConfidentialField.values()).flatMap(f -> f.pathsIn(shape).stream())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** For outlets that are confidential as a whole (media, audit trail): 403 to a reader who sees the record redacted. */
    public void requireWhole(Shape shape, Visibility visibility) {
        if (!require(visibility)) {
            return;
        }
        for (ConfidentialField field : ConfidentialField.values()) {
            if (field.pathsIn(shape).contains("")) {
                throw new ProblemException(ProblemType.FORBIDDEN, switch (field) {
                    case MEDIA -> "Media are confidential to the chair's staff and the submitter";
                    case AUDIT_TRAIL -> "The audit history of an incident is for the chair's staff";
                    default -> "This is for those who see the record in full";
                });
            }
        }
    }

    /** True when the view must be redacted; NONE never reaches an outlet. */
    private static boolean require(Visibility visibility) {
        if (visibility == null || visibility == Visibility.NONE) {
            throw new IllegalArgumentException("a record the reader may not see must not be written at all");
        }
        return visibility == Visibility.REDACTED;
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>(List.of(path.split("/")));
        out.removeIf(String::isEmpty);
        return out;
    }

    private static void remove(JsonNode node, List<String> path) {
        if (node == null || path.isEmpty()) {
            return;
        }
        String head = path.get(0);
        List<String> rest = path.subList(1, path.size());
        if (head.startsWith("*[") && head.endsWith("]") && rest.isEmpty() && node instanceof ArrayNode array) {
            String[] kv = head.substring(2, head.length() - 1).split("=", 2);
            for (Iterator<JsonNode> it = array.iterator(); it.hasNext(); ) {
                if (kv[1].equals(it.next().path(kv[0]).asText(null))) {
                    it.remove();
                }
            }
            return;
        }
        if ("*".equals(head)) {
            node.forEach(child -> remove(child, rest));
            return;
        }
        if (node instanceof ObjectNode object) {
            if (rest.isEmpty()) {
                object.remove(head);
            } else {
                remove(object.get(head), rest);
            }
        }
    }
}
