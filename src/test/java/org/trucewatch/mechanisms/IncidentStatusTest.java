package org.trucewatch.mechanisms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentStatusTest {

    @Test
    void exactlyTheDocumentedMovesAreLegal() {
        List<String> legal = new ArrayList<>();
        for (IncidentStatus from : IncidentStatus.values()) {
            for (IncidentStatus to : IncidentStatus.values()) {
                if (from.canMoveTo(to)) {
                    legal.add(from.code() + ">" + to.code());
                }
            }
        }
        assertThat(legal).containsExactlyInAnyOrder(
                "received>triaged", "triaged>under_verification", "under_verification>finding_recorded",
                "finding_recorded>reviewed", "finding_recorded>under_verification", "escalated>triaged",
                "escalated>under_verification", "escalated>reviewed", "reviewed>closed", "closed>reopened",
                "reopened>triaged");
    }

    @Test
    void onlyOpenIncidentsEscalateAndTheAgendaHoldsWhatAwaitsReview() {
        assertThat(IncidentStatus.CLOSED.canEscalate()).isFalse();
        assertThat(IncidentStatus.REVIEWED.canEscalate()).isFalse();
        assertThat(IncidentStatus.UNDER_VERIFICATION.canEscalate()).isTrue();
        assertThat(List.of(IncidentStatus.values()).stream().filter(IncidentStatus::isOnAgenda))
                .containsExactly(IncidentStatus.FINDING_RECORDED, IncidentStatus.ESCALATED);
    }
}
