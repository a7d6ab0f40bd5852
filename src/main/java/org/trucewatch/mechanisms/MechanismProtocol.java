package org.trucewatch.mechanisms;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A mechanism's protocol as its file states it (docs/mechanisms.md): who chairs, which
 * parties sit in it, its levels from the lowest up with their teams and areas of
 * responsibility, the categories it handles with their severity, the violation rules, the
 * deadlines per level and severity, and when two reports are one event; its time zone (an IANA
 * id, which periods of statistics follow), the smallest count a public table may show, and how
 * large a monitor's photos, audio and videos may be.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record MechanismProtocol(String code, int version, Map<String, String> name, String agreement, Chair chair,
                                List<Party> parties, List<Party> observers, List<Level> levels,
                                List<CategorySeverity> categories, List<ViolationRule> violationRules,
                                Map<String, Map<String, Duration>> deadlines, DuplicateRule duplicates,
                                String referencePrefix, String timeZone, Integer smallCellThreshold,
                                DailyReport dailyReport,
                                @JsonInclude(JsonInclude.Include.NON_NULL) Media media) {

    /** Where no protocol names a time zone, periods are UTC days, weeks, months and quarters. */
    public static final String DEFAULT_TIME_ZONE = "UTC";
    /** Where no protocol sets one, a public table shows no count below 3 (docs/reports.md). */
    public static final int DEFAULT_SMALL_CELL_THRESHOLD = 3;

    /** The IANA time zone the mechanism's days and months are counted in (statistics, reports). */
    public java.time.ZoneId zone() {
        return java.time.ZoneId.of(timeZone == null ? DEFAULT_TIME_ZONE : timeZone);
    }

    /** The smallest count a public table shows; smaller ones are suppressed. */
    public int cellThreshold() {
        return smallCellThreshold == null ? DEFAULT_SMALL_CELL_THRESHOLD : smallCellThreshold;
    }

    /** The default per-file limits (issue 15): a minute of phone video, a full-size photo, a long recording. */
    public static final long DEFAULT_MAX_VIDEO_BYTES = 100L * 1024 * 1024;
    public static final long DEFAULT_MAX_PHOTO_BYTES = 20L * 1024 * 1024;
    public static final long DEFAULT_MAX_AUDIO_BYTES = 20L * 1024 * 1024;

    public record Chair(String organisation, Map<String, String> name) {
    }

    /** The daily situation report: issued once the local {@code cutoff} ("19:30") has passed, for the day it ends. */
    public record DailyReport(String cutoff) {
        public java.time.LocalTime cutoffTime() {
            return java.time.LocalTime.parse(cutoff);
        }
    }

    public record Party(String code, Map<String, String> name) {
    }

    /** A level (local, regional, national; or one level) with its teams, listed lowest first. */
    public record Level(String code, Map<String, String> name, List<Team> teams) {
    }

    /** A team and the area-of-responsibility zone codes it owns. */
    public record Team(String code, Map<String, String> name, List<String> areas) {
    }

    public record CategorySeverity(String code, int severity) {
    }

    /**
     * "This act, there, by these parties, breaches that article": {@code category} ("*" for
     * any), the zone types it applies in (empty: anywhere) and how the report must relate
     * to them ({@code inside}: inside or indeterminate; {@code crosses}; {@code near}), and
     * which alleged parties it concerns ({@code parties}: any of these; {@code exceptParties}:
     * anyone else, including an unknown party).
     */
    public record ViolationRule(String id, String category, List<String> zoneTypes, String relation,
                                List<String> parties, List<String> exceptParties, String article, int severity) {
    }

    /** Reports of compatible categories within {@code radiusM} metres and {@code windowMinutes} are one event. */
    public record DuplicateRule(double radiusM, int windowMinutes, List<List<String>> compatible) {
    }

    /**
     * How large one attached file may be, by kind (bytes; absent: the default). The service's
     * own ceiling ({@code trucewatch.forms.max-file-bytes}) still bounds each (docs/mechanisms.md).
     */
    public record Media(Long maxPhotoBytes, Long maxAudioBytes, Long maxVideoBytes) {
    }

    /** The largest photo, audio recording or video ({@code kind}: photo, audio, video) this mechanism accepts, in bytes. */
    public long maxMediaBytes(String kind) {
        Long set = media == null ? null : switch (kind) {
            case "photo" -> media.maxPhotoBytes();
            case "audio" -> media.maxAudioBytes();
            case "video" -> media.maxVideoBytes();
            default -> throw new IllegalArgumentException("no media kind " + kind);
        };
        if (set != null) {
            return set;
        }
        return switch (kind) {
            case "video" -> DEFAULT_MAX_VIDEO_BYTES;
            case "audio" -> DEFAULT_MAX_AUDIO_BYTES;
            default -> DEFAULT_MAX_PHOTO_BYTES;
        };
    }

    public Optional<Level> level(String levelCode) {
        return levels.stream().filter(l -> l.code().equals(levelCode)).findFirst();
    }

    /** The level above {@code levelCode}, if any. */
    public Optional<Level> levelAbove(String levelCode) {
        for (int i = 0; i < levels.size() - 1; i++) {
            if (levels.get(i).code().equals(levelCode)) {
                return Optional.of(levels.get(i + 1));
            }
        }
        return Optional.empty();
    }

    public int severityOf(String category) {
        return categories.stream().filter(c -> c.code().equals(category)).mapToInt(CategorySeverity::severity)
                .findFirst().orElse(1);
    }

    /** How long the level has to handle an incident of this severity; null when the protocol sets none. */
    public Duration deadline(String levelCode, int severity) {
        Map<String, Duration> byLevel = deadlines == null ? null : deadlines.get(levelCode == null ? QueueId.TRIAGE : levelCode);
        return byLevel == null ? null : byLevel.get(String.valueOf(severity));
    }

    public boolean hasParty(String party) {
        return parties.stream().anyMatch(p -> p.code().equals(party));
    }
}
