package org.trucewatch.mechanisms;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trucewatch.problem.ProblemException;

/**
 * Incident references ("LB-2026-0142"): the mechanism's prefix (its protocol's
 * {@code referencePrefix}, else its code in capitals), the year the incident was opened (UTC) and its number in that
 * year, gap-free, stable and unique across service instances.
 *
 * <p>A number is given a few hundred milliseconds after the incident commits, by whichever
 * instance's assigner holds the lock at the time, not inside the incident's transaction: a
 * counter row moved by every new incident would be locked through each commit and serialise
 * the mechanism's intake, the very wait the audit sealer removed (docs/architecture.md,
 * "Incident references"). Until then the incident has no reference and is found by its id.
 */
@Singleton
public class IncidentReferences {
    private static final Logger LOG = LoggerFactory.getLogger(IncidentReferences.class);
    /**
     * What a reference looks like: a prefix (2–6 letters, or a mechanism code in capitals), a
     * year, and a number of four digits or more.
     */
    public static final Pattern FORM = Pattern.compile("(?i)[A-Z0-9][A-Z0-9-]{1,63}-[0-9]{4}-[0-9]{4,9}");
    private static final Duration RETRY = Duration.ofMillis(50);

    private final IncidentReferenceRepository repository;
    private final TransactionOperations<Connection> transactions;
    private final int batch;
    private volatile boolean failing;

    IncidentReferences(IncidentReferenceRepository repository, TransactionOperations<Connection> transactions,
                       @Value("${trucewatch.incidents.reference-batch:1000}") int batch) {
        this.repository = repository;
        this.transactions = transactions;
        this.batch = batch;
    }

    @Scheduled(fixedDelay = "${trucewatch.incidents.reference-interval:250ms}",
            initialDelay = "${trucewatch.incidents.reference-interval:250ms}")
    void run() {
        try {
            numberPending();
            if (failing) {
                failing = false;
                LOG.info("incident numbering works again");
            }
        } catch (RuntimeException e) {
            // Once per outage: unnumbered incidents wait, found by id, for the next turn.
            if (!failing) {
                failing = true;
                LOG.warn("incident numbering failed, retrying every interval: {}", e.toString());
            }
        }
    }

    /** Numbers every committed, unnumbered incident now; 0 also when another assigner holds the lock. */
    public int numberPending() {
        int total = 0;
        while (true) {
            int numbered = transactions.execute(
                    TransactionDefinition.of(TransactionDefinition.Propagation.REQUIRES_NEW),
                    status -> repository.tryLock() ? repository.numberPending(batch) : -1);
            if (numbered < 0) {
                return total;
            }
            total += numbered;
            if (numbered < batch) {
                return total;
            }
        }
    }

    /**
     * Numbers every incident committed before the call, by this call or by the assigner that holds
     * the lock meanwhile, waiting up to {@code patience} (tests, and a caller that must show a reference).
     */
    public boolean numberCommitted(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            numberPending();
            if (!repository.anyPending()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(RETRY.toMillis());
        }
    }

    /** The incident a text names, by reference or by id; empty when it is neither (whether it exists is the caller's to ask). */
    public Optional<UUID> idOrReference(String named) {
        if (named == null || named.isBlank()) {
            return Optional.empty();
        }
        Optional<UUID> byReference = idOf(named.strip());
        if (byReference.isPresent()) {
            return byReference;
        }
        try {
            return Optional.of(UUID.fromString(named.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The incident a reference names, if the text has a reference's form and one has it. */
    public Optional<UUID> idOf(String reference) {
        return reference != null && FORM.matcher(reference).matches() ? repository.idOf(reference) : Optional.empty();
    }

    /**
     * The incident an id or a reference ("LB-2026-0142") names; 404 for text that is neither.
     * Whether the reader may see it is the access policy's to say, as for an id: an unseen
     * incident is 404 either way.
     */
    public UUID incidentId(String idOrReference) {
        Optional<UUID> byReference = idOf(idOrReference);
        if (byReference.isPresent()) {
            return byReference.get();
        }
        try {
            return UUID.fromString(idOrReference);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No incident " + idOrReference);
        }
    }

    /**
     * The references of these incidents, by id (an incident not numbered yet is left out). For an
     * outlet that has already read the incidents through the access policy, such as a report's list
     * of notable incidents.
     */
    public Map<UUID, String> referencesOf(Collection<UUID> ids) {
        return ids.isEmpty() ? Map.of() : repository.referencesOf(ids);
    }
}
