package org.trucewatch.review;

import org.trucewatch.mechanisms.Incident;
import org.trucewatch.mechanisms.IncidentRepository;
import org.trucewatch.mechanisms.MechanismProtocol;
import org.trucewatch.mechanisms.MechanismService;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Escalates overdue incidents to the next level, as the protocols' deadlines require.
 * Safe with several instances on one database: each run locks the overdue rows it takes
 * with SKIP LOCKED and moves them on (a new level, a new deadline) before it commits, so
 * another instance either skips them or no longer finds them overdue.
 */
@Singleton
@Requires(property = "trucewatch.incidents.escalation.enabled", notEquals = "false")
public class EscalationJob {
    private static final Logger LOG = LoggerFactory.getLogger(EscalationJob.class);
    /** The actor the deadline job writes into an incident's history when it escalates an overdue one. */
    public static final String ACTOR = "system:deadline";

    private final IncidentRepository incidents;
    private final IncidentWorkflow workflow;
    private final MechanismService mechanisms;
    private final Clock clock;

    EscalationJob(IncidentRepository incidents, IncidentWorkflow workflow, MechanismService mechanisms, Clock clock) {
        this.incidents = incidents;
        this.workflow = workflow;
        this.mechanisms = mechanisms;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${trucewatch.incidents.escalation.interval:60s}",
            initialDelay = "${trucewatch.incidents.escalation.initial-delay:20s}")
    void run() {
        int n = escalateOverdue();
        if (n > 0) {
            LOG.info("escalated {} overdue incident(s)", n);
        }
    }

    /** One pass: escalates up to 200 overdue incidents; returns how many. */
    @Transactional
    public int escalateOverdue() {
        // Only what IncidentWorkflow.escalationTarget can escalate is taken: an overdue incident with
        // nowhere to go (a team's incident of a top level with one team) stays where it is, overdue,
        // rather than failing every pass after its deadline (which rolled back every mechanism's
        // escalations: colombia-mmv's national level has one team).
        List<String> withLevelAbove = new ArrayList<>();
        List<String> withSeveralTeams = new ArrayList<>();
        for (MechanismProtocol p : mechanisms.all()) {
            for (MechanismProtocol.Level level : p.levels()) {
                if (p.levelAbove(level.code()).isPresent()) {
                    withLevelAbove.add(p.code() + "/" + level.code());
                } else if (IncidentWorkflow.teamsGoToPlenary(p, level.code())) {
                    withSeveralTeams.add(p.code() + "/" + level.code());
                }
            }
        }
        List<Incident> overdue = incidents.lockOverdue(clock.instant(), withLevelAbove, withSeveralTeams, 200);
        overdue.forEach(i -> workflow.escalate(i, ACTOR, "deadline " + i.deadline() + " passed"));
        return overdue.size();
    }
}
