package org.trucewatch.mechanisms;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;
import org.trucewatch.taxonomy.Taxonomy;

/**
 * Reads a protocol file and checks that it is whole and consistent before anything is
 * stored: known categories, parties named in rules exist, levels and teams unique, every
 * severity 1–5, deadlines for known levels. Every fault is reported with its JSON pointer.
 */
final class ProtocolReader {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

    /** Level and team codes: they appear in queue names (QueueId), so no dots. */
    private static final String CODE = "[a-z0-9][a-z0-9-]{0,63}";

    private ProtocolReader() {
    }

    static MechanismProtocol read(String json, Taxonomy taxonomy) {
        MechanismProtocol p;
        try {
            p = JSON.readValue(json, MechanismProtocol.class);
        } catch (UnrecognizedPropertyException e) {
            throw invalid(List.of(FieldError.at(pointer(e), "unknown member '" + e.getPropertyName() + "'")));
        } catch (JacksonException e) {
            throw invalid(List.of(FieldError.at(pointer(e), e.getOriginalMessage())));
        }
        List<FieldError> errors = new ArrayList<>();
        if (p.code() == null || !p.code().matches("[a-z0-9][a-z0-9-]{0,63}")) {
            errors.add(FieldError.at("/code", "must be a mechanism code (lower-case letters, digits, '-')"));
        }
        if (p.referencePrefix() != null && !p.referencePrefix().matches("[A-Z]{2,6}")) {
            errors.add(FieldError.at("/referencePrefix", "must be 2 to 6 capital letters (A-Z), e.g. LB"));
        }
        if (p.timeZone() != null && !isIanaZone(p.timeZone())) {
            errors.add(FieldError.at("/timeZone", "must be an IANA time zone id, e.g. Asia/Beirut"));
        }
        if (p.smallCellThreshold() != null && (p.smallCellThreshold() < 1 || p.smallCellThreshold() > 100)) {
            errors.add(FieldError.at("/smallCellThreshold", "must be a whole number from 1 to 100"));
        }
        if (p.dailyReport() != null && (p.dailyReport().cutoff() == null
                || !p.dailyReport().cutoff().matches("([01][0-9]|2[0-3]):[0-5][0-9]"))) {
            errors.add(FieldError.at("/dailyReport/cutoff", "must be a local time HH:MM, e.g. 19:30"));
        }
        if (p.version() < 1) {
            errors.add(FieldError.at("/version", "must be 1 or more"));
        }
        if (p.parties() == null || p.parties().size() < 2) {
            errors.add(FieldError.at("/parties", "a mechanism has at least two parties"));
        }
        if (p.levels() == null || p.levels().isEmpty()) {
            errors.add(FieldError.at("/levels", "at least one level"));
            throw invalid(errors);
        }
        Set<String> levels = new HashSet<>();
        Set<String> teams = new HashSet<>();
        for (int i = 0; i < p.levels().size(); i++) {
            MechanismProtocol.Level level = p.levels().get(i);
            if (level.code() == null || !level.code().matches(CODE) || QueueId.TRIAGE.equals(level.code())
                    || !levels.add(level.code())) {
                errors.add(FieldError.at("/levels/" + i + "/code", "missing, repeated, 'triage', or not a code"));
            }
            if (level.teams() == null || level.teams().isEmpty()) {
                errors.add(FieldError.at("/levels/" + i + "/teams", "a level has at least one team"));
                continue;
            }
            for (int t = 0; t < level.teams().size(); t++) {
                MechanismProtocol.Team team = level.teams().get(t);
                if (team.code() == null || !team.code().matches(CODE) || !teams.add(team.code()) || team.areas() == null) {
                    errors.add(FieldError.at("/levels/" + i + "/teams/" + t, "needs a unique code and a list of areas"));
                }
            }
        }
        List<MechanismProtocol.CategorySeverity> categories = p.categories() == null ? List.of() : p.categories();
        for (int i = 0; i < categories.size(); i++) {
            MechanismProtocol.CategorySeverity c = categories.get(i);
            if (!taxonomy.isCategory(c.code())) {
                errors.add(FieldError.at("/categories/" + i + "/code", "'" + c.code() + "' is not in the taxonomy"));
            }
            if (!Severity.isValid(c.severity())) {
                errors.add(FieldError.at("/categories/" + i + "/severity", Severity.rule()));
            }
        }
        List<MechanismProtocol.ViolationRule> rules = p.violationRules() == null ? List.of() : p.violationRules();
        for (int i = 0; i < rules.size(); i++) {
            checkRule(p, rules.get(i), "/violationRules/" + i, taxonomy, errors);
        }
        if (p.deadlines() != null) {
            p.deadlines().keySet().stream().filter(l -> !levels.contains(l) && !l.equals(QueueId.TRIAGE))
                    .forEach(l -> errors.add(FieldError.at("/deadlines/" + l, "no such level")));
        }
        if (p.duplicates() == null || p.duplicates().radiusM() <= 0 || p.duplicates().windowMinutes() <= 0) {
            errors.add(FieldError.at("/duplicates", "needs a positive radiusM and windowMinutes"));
        }
        checkMedia(p.media(), errors);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return p;
    }

    private static void checkRule(MechanismProtocol p, MechanismProtocol.ViolationRule r, String at, Taxonomy taxonomy,
                                  List<FieldError> errors) {
        if (r.id() == null || r.article() == null) {
            errors.add(FieldError.at(at, "a rule needs an id and the article it would breach"));
        }
        if (r.category() == null || !"*".equals(r.category()) && !taxonomy.isCategory(r.category())) {
            errors.add(FieldError.at(at + "/category", "a taxonomy category or '*'"));
        }
        if (!Severity.isValid(r.severity())) {
            errors.add(FieldError.at(at + "/severity", Severity.rule()));
        }
        if (r.relation() != null && !Set.of("inside", "crosses", "near").contains(r.relation())) {
            errors.add(FieldError.at(at + "/relation", "inside, crosses or near"));
        }
        for (List<String> parties : new ArrayList<>(java.util.Arrays.asList(r.parties(), r.exceptParties()))) {
            if (parties != null) {
                parties.stream().filter(party -> p.parties() != null && !p.hasParty(party))
                        .forEach(party -> errors.add(FieldError.at(at, "party '" + party + "' is not a party of the mechanism")));
            }
        }
    }

    /** A large object holds up to 4 TB; a limit beyond 4 GiB is a typo, not a plan for field uploads. */
    private static final long MEDIA_BYTES_BOUND = 4L * 1024 * 1024 * 1024;

    private static void checkMedia(MechanismProtocol.Media media, List<FieldError> errors) {
        if (media == null) {
            return;
        }
        java.util.Map<String, Long> limits = new java.util.LinkedHashMap<>();
        limits.put("maxPhotoBytes", media.maxPhotoBytes());
        limits.put("maxAudioBytes", media.maxAudioBytes());
        limits.put("maxVideoBytes", media.maxVideoBytes());
        limits.forEach((name, value) -> {
            if (value != null && (value < 1 || value > MEDIA_BYTES_BOUND)) {
                errors.add(FieldError.at("/media/" + name, "must be a number of bytes from 1 to " + MEDIA_BYTES_BOUND));
            }
        });
    }

    static String canonical(MechanismProtocol protocol) {
        try {
            return JSON.writeValueAsString(protocol);
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A region id of the IANA database ("Asia/Beirut") or UTC; not a bare offset, which knows no daylight saving. */
    private static boolean isIanaZone(String id) {
        if (!id.equals("UTC") && !id.matches("[A-Za-z]+(/[A-Za-z0-9_+-]+)+")) {
            return false;
        }
        try {
            java.time.ZoneId.of(id);
            return true;
        } catch (java.time.DateTimeException e) {
            return false;
        }
    }

    private static String pointer(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m) {
            for (var ref : m.getPath()) {
                sb.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()));
            }
        }
        return sb.toString();
    }

    private static ProblemException invalid(List<FieldError> errors) {
        return new ProblemException(ProblemType.INVALID_INPUT, "The mechanism protocol is not valid: "
                + errors.get(0).pointer() + ": " + errors.get(0).detail(), errors);
    }
}
