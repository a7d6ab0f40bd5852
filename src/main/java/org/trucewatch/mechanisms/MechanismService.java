package org.trucewatch.mechanisms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.trucewatch.audit.AuditCanonicalForm;
import org.trucewatch.audit.AuditLog;
import org.trucewatch.audit.AuditRecord;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;
import org.trucewatch.taxonomy.Taxonomy;

/**
 * The mechanisms and their protocols. A protocol is loaded as a whole new version (files
 * at start-up in demo mode, the admin API, or the {@code mechanisms load} command); the
 * newest version applies to new incidents, older ones stay in the database for the record.
 * Each instance keeps the current versions in memory and rereads them every 30 s, so
 * instances sharing a database agree within that time.
 */
@Singleton
public class MechanismService {
    private final MechanismRepository repository;
    private final Taxonomy taxonomy;
    private final AuditLog audit;
    private final Clock clock;
    private final ObjectMapper json;
    private final Map<String, MechanismProtocol> current = new ConcurrentHashMap<>();

    MechanismService(MechanismRepository repository, Taxonomy taxonomy, AuditLog audit, Clock clock, ObjectMapper json) {
        this.repository = repository;
        this.taxonomy = taxonomy;
        this.audit = audit;
        this.clock = clock;
        this.json = json;
    }

    /** Validates and stores a protocol file as a new version; loading the same version again changes nothing. */
    @Transactional
    public MechanismProtocol load(String protocolJson, String actor) {
        MechanismProtocol protocol = ProtocolReader.read(protocolJson, taxonomy);
        String canonical = ProtocolReader.canonical(protocol);
        String prefix = protocol.referencePrefix() == null ? protocol.code().toUpperCase(java.util.Locale.ROOT)
                : protocol.referencePrefix();
        List<String> sharing = repository.othersWithReferencePrefix(protocol.code(), prefix);
        if (!sharing.isEmpty()) {
            FieldError error = FieldError.at("/referencePrefix", "'" + prefix
                    + "' already begins the incident references of " + String.join(", ", sharing));
            throw new ProblemException(ProblemType.INVALID_INPUT, "The mechanism protocol is not valid: "
                    + error.pointer() + ": " + error.detail(), List.of(error));
        }
        if (repository.insertIfAbsent(protocol.code(), protocol.version(), canonical, clock.instant(), actor) == 1) {
            audit.append(AuditRecord.of(actor, "mechanism.update", "mechanism", protocol.code())
                    .withDigests(null, AuditCanonicalForm.sha256Hex(canonical))
                    .withDetails("{\"version\":" + protocol.version() + "}"));
        } else if (!sameJson(repository.findDefinition(protocol.code(), protocol.version()).orElse(null), canonical)) {
            throw new ProblemException(ProblemType.CONFLICT, "Version " + protocol.version() + " of " + protocol.code()
                    + " exists with other content; give the changed protocol a higher version");
        }
        refresh();
        return current.get(protocol.code());
    }

    /** The current protocol; one unknown here may have been loaded by another instance, so look again once. */
    /** The mechanism's protocol if the user belongs to it (or is an admin); 404 alike for missing and foreign. */
    public MechanismProtocol visibleTo(org.trucewatch.access.Principal user, String code) {
        return protocol(code).filter(m -> user.isAdmin()
                        || user.mechanismsAs(org.trucewatch.access.Role.values()).contains(code))
                .orElseThrow(() -> ProblemException.notFound("No mechanism " + code));
    }

    /** The level named, or the mechanism's highest when none is; a level the protocol lacks is a bad parameter. */
    public String levelOrHighest(String code, String level) {
        MechanismProtocol p = protocol(code).orElseThrow(() -> ProblemException.notFound("No mechanism " + code));
        if (level == null) {
            return p.levels().get(p.levels().size() - 1).code();
        }
        return p.level(level).map(MechanismProtocol.Level::code)
                .orElseThrow(() -> ProblemException.invalidParameter("level", "no level '" + level + "' in " + code));
    }

    public Optional<MechanismProtocol> protocol(String code) {
        if (code == null) {
            return Optional.empty();
        }
        if (!current.containsKey(code)) {
            refresh();
        }
        return Optional.ofNullable(current.get(code));
    }

    public Collection<MechanismProtocol> all() {
        if (current.isEmpty()) {
            refresh();
        }
        return List.copyOf(current.values());
    }

    @Scheduled(fixedDelay = "30s", initialDelay = "30s")
    @Transactional(readOnly = true)
    void refresh() {
        for (String definition : repository.currentDefinitions()) {
            MechanismProtocol p = ProtocolReader.read(definition, taxonomy);
            current.put(p.code(), p);
        }
    }

    private boolean sameJson(String stored, String loaded) {
        try {
            return stored != null && json.readTree(stored).equals(json.readTree(loaded));
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
