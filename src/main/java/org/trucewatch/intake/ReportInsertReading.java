package org.trucewatch.intake;

/**
 * A number that a capability downstream of intake must read in the transaction of every new
 * report, read by the report's own INSERT statement so that it costs no round trip of its
 * own; e.g. zones: the zone revision, so that the report is never judged against zones
 * older than the statement's snapshot. Intake knows only this interface (data still flows
 * one way): the downstream package implements it as a bean, and the value travels, opaque to
 * intake, in {@link ReportAccepted#reading()}.
 */
public interface ReportInsertReading {

    /**
     * A scalar SQL expression of type {@code bigint}, with no bind parameters, evaluated in
     * the INSERT's {@code RETURNING} clause, i.e. in the statement's snapshot, which is taken
     * after the report's transaction began.
     */
    String expression();
}
