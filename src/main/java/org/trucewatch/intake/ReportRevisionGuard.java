package org.trucewatch.intake;

/**
 * A rule downstream of intake on whether a report may still be corrected (mechanisms: not
 * once its incident is past triage). Intake knows only this interface; the implementation
 * throws a {@code ProblemException} naming the rule. Runs with the report's row locked.
 */
public interface ReportRevisionGuard {

    void checkRevisable(Report current);
}
