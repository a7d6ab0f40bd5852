package org.trucewatch.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What one user may see and do, decided once per request by {@link AccessPolicy}, in two
 * forms that cannot disagree: SQL that the repositories put in their FROM clause (so lists,
 * pages, counts, extents and streams are filtered in the database, before any LIMIT, and
 * each row carries its {@code visibility}), and the authority check over an incident's
 * mechanism, level and team for the chair's actions.
 *
 * <ul>
 * <li>A chair whose grant has no level (the whole mechanism) sees every incident and report
 *     of the mechanism in full and works every queue.</li>
 * <li>A chair with a level (and team) works the incidents at that level (and team), and the
 *     triage queue when theirs is the entry level; sees in full, read-only, the lower levels
 *     within their team's areas of responsibility and what was escalated from their level
 *     within those areas; and sees the rest of the mechanism as a party delegate does.</li>
 * <li>Party delegates and GIS staff see their mechanisms' records redacted, and never one of
 *     a sensitive category.</li>
 * <li>A monitor sees their own reports in full. An admin by that role alone sees none.</li>
 * </ul>
 */
public final class AccessScope {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    private final String username;
    private final Set<String> wholeMechanisms;
    private final List<Grant> levelGrants;
    private final Set<String> redactedMechanisms;
    private final Set<String> sensitiveCategories;
    private final MechanismLevels structure;
    private final boolean submits;

    AccessScope(String username, Set<String> wholeMechanisms, List<Grant> levelGrants, Set<String> redactedMechanisms,
                Set<String> sensitiveCategories, MechanismLevels structure, boolean submits) {
        this.username = username;
        this.submits = submits;
        this.wholeMechanisms = Set.copyOf(wholeMechanisms);
        this.levelGrants = List.copyOf(levelGrants);
        this.redactedMechanisms = Set.copyOf(redactedMechanisms);
        this.sensitiveCategories = Set.copyOf(sensitiveCategories);
        this.structure = structure;
    }

    public String username() {
        return username;
    }

    /** The mechanisms this user chairs at every level. */
    public Set<String> wholeMechanisms() {
        return wholeMechanisms;
    }

    /** Whether the user sees anything at all of {@code mechanism} (any record, in full or redacted). */
    public boolean seesMechanism(String mechanism) {
        return wholeMechanisms.contains(mechanism) || redactedMechanisms.contains(mechanism)
                || levelGrants.stream().anyMatch(g -> g.mechanism().equals(mechanism));
    }

    /**
     * Whether any record may reach this user in full (chairs; monitors and chairs their own
     * reports): a layer's schema then keeps its confidential columns, and the codes of the
     * sensitive categories may be named to them. Everyone else never meets either.
     */
    public boolean mayEverSeeFull() {
        return submits || !wholeMechanisms.isEmpty() || !levelGrants.isEmpty();
    }

    /**
     * The chair's authority over an incident at {@code level} (null: the triage queue) and
     * {@code team}: claim, assign, move, escalate, comment, record positions, link and split.
     */
    public boolean mayWork(String mechanism, String level, String team) {
        if (wholeMechanisms.contains(mechanism)) {
            return true;
        }
        for (Grant g : levelGrants) {
            if (g.mechanism().equals(mechanism) && (level == null ? isEntryLevel(g)
                    : level.equals(g.level()) && (g.team() == null || g.team().equals(team)))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the user is the chair's staff of {@code mechanism} at some level. */
    public boolean chairs(String mechanism) {
        return wholeMechanisms.contains(mechanism) || levelGrants.stream().anyMatch(g -> g.mechanism().equals(mechanism));
    }

    /**
     * Whether the user watches a queue: the queues they work, and (chairs with a level) the
     * queues of lower levels whose teams share their areas; party delegates and GIS staff
     * every queue of their mechanisms.
     */
    public boolean watchesQueue(String mechanism, String level, String team) {
        if (mayWork(mechanism, level, team) || redactedMechanisms.contains(mechanism) && !chairs(mechanism)) {
            return true;
        }
        for (Grant g : levelGrants) {
            if (!g.mechanism().equals(mechanism) || level == null) {
                continue;
            }
            List<String> levels = structure.levels(mechanism);
            int mine = levels.indexOf(g.level());
            int theirs = levels.indexOf(level);
            if (mine > 0 && theirs >= 0 && theirs < mine && sharesAreas(g, level, team)) {
                return true;
            }
        }
        return false;
    }

    private boolean sharesAreas(Grant g, String level, String team) {
        Set<String> mine = g.team() == null ? Set.of() : structure.teamAreas(g.mechanism(), g.level(), g.team());
        if (mine.isEmpty()) {
            return true;
        }
        Set<String> theirs = team == null ? Set.of() : structure.teamAreas(g.mechanism(), level, team);
        return theirs.isEmpty() || theirs.stream().anyMatch(mine::contains);
    }

    private boolean isEntryLevel(Grant g) {
        List<String> levels = structure.levels(g.mechanism());
        return !levels.isEmpty() && levels.get(0).equals(g.level());
    }

    /**
     * The incidents this user may see, as a FROM item named {@code alias} with every column of
     * {@code incident} and {@code visibility} ('FULL' or 'REDACTED'); the others are not in it.
     */
    public SqlFragment incidents(String alias) {
        return incidents("incident", alias);
    }

    /**
     * The same over a read model of {@code incident} that its owner defines (a view with one row
     * per incident and at least the columns this policy reads: {@code id, mechanism_code,
     * level_code, team_code, category, areas}): every column of {@code relation} and
     * {@code visibility}, for the incidents this user may see.
     */
    public SqlFragment incidents(String relation, String alias) {
        return source(relation, "i", incidentFull("i"), redacted("i"), alias);
    }

    /** The reports this user may see, as a FROM item named {@code alias}, like {@link #incidents}. */
    public SqlFragment reports(String alias) {
        return reports("report", alias);
    }

    /**
     * The same over a read model of {@code report} that its owner defines (a view with one row per
     * report and at least {@code id, mechanism_code, category, submitted_by}).
     */
    public SqlFragment reports(String relation, String alias) {
        List<SqlFragment> full = new ArrayList<>();
        full.add(SqlFragment.of("r.submitted_by = ?", username));
        full.add(SqlFragment.of("r.mechanism_code = ANY(?)", (Object) SqlFragment.array(wholeMechanisms)));
        if (!levelGrants.isEmpty()) {
            full.add(levelFull("i").wrap("EXISTS (SELECT 1 FROM incident_report ir JOIN incident i ON i.id = "
                    + "ir.incident_id WHERE ir.report_id = r.id AND ", ")"));
        }
        return source(relation, "r", SqlFragment.anyOf(full), redacted("r"), alias);
    }

    /**
     * The incidents this user may COUNT (never list), as a FROM item named {@code alias} over a read
     * model of {@code incident} with a {@code mechanism_code} column: every incident of each
     * mechanism the user sees anything of, the sensitive categories included. Counts of a
     * mechanism are shared with all its members (docs/security.md, "Numbers"); which audience's
     * rules then apply is {@link AccessPolicy#audience}'s to say.
     */
    public SqlFragment countable(String relation, String alias) {
        java.util.Set<String> seen = new java.util.TreeSet<>(wholeMechanisms);
        seen.addAll(redactedMechanisms);
        levelGrants.forEach(g -> seen.add(g.mechanism()));
        if (!NAME.matcher(relation).matches() || !NAME.matcher(alias).matches()) {
            throw new IllegalArgumentException("not an SQL name: " + relation + " " + alias);
        }
        return SqlFragment.of("(SELECT * FROM " + relation + " c WHERE c.mechanism_code = ANY(?)) " + alias,
                (Object) SqlFragment.array(seen));
    }

    /** {@code table} and {@code alias} are the caller's constants; anything else is refused, never put in SQL. */
    private static SqlFragment source(String table, String row, SqlFragment full, SqlFragment redacted, String alias) {
        if (!NAME.matcher(table).matches() || !NAME.matcher(alias).matches()) {
            throw new IllegalArgumentException("not an SQL name: " + table + " " + alias);
        }
        SqlFragment visibility = full.wrap("CASE WHEN ", " THEN 'FULL'").then(" WHEN ", redacted.wrap("", " THEN 'REDACTED' END"));
        return visibility.wrap("(SELECT * FROM (SELECT " + row + ".*, ", " AS visibility FROM " + table + " " + row
                + ") seen WHERE seen.visibility IS NOT NULL) " + alias);
    }

    private SqlFragment incidentFull(String i) {
        List<SqlFragment> parts = new ArrayList<>();
        parts.add(SqlFragment.of(i + ".mechanism_code = ANY(?)", (Object) SqlFragment.array(wholeMechanisms)));
        parts.add(levelFull(i));
        return SqlFragment.anyOf(parts);
    }

    /** What chairs with a level see in full: what they work, the levels below and what left theirs, in their areas. */
    private SqlFragment levelFull(String i) {
        List<SqlFragment> grants = new ArrayList<>();
        for (Grant g : levelGrants) {
            List<String> levels = structure.levels(g.mechanism());
            int mine = levels.indexOf(g.level());
            List<SqlFragment> reach = new ArrayList<>();
            reach.add(g.team() == null ? SqlFragment.of(i + ".level_code = ?", g.level())
                    : SqlFragment.of(i + ".level_code = ? AND " + i + ".team_code = ?", g.level(), g.team()));
            if (mine == 0) {
                reach.add(SqlFragment.of(i + ".level_code IS NULL"));
            }
            SqlFragment areas = areas(g, i);
            if (mine > 0) {
                reach.add(SqlFragment.of("(" + i + ".level_code IS NULL OR " + i + ".level_code = ANY(?))",
                        (Object) SqlFragment.array(levels.subList(0, mine))).then("", areas));
            }
            reach.add(SqlFragment.of("EXISTS (SELECT 1 FROM incident_event e WHERE e.incident_id = " + i + ".id "
                    + "AND e.kind = 'escalation' AND e.from_level = ?)", g.level()).then("", areas));
            grants.add(SqlFragment.of(i + ".mechanism_code = ? AND ", g.mechanism()).then("", SqlFragment.anyOf(reach)));
        }
        return SqlFragment.anyOf(grants);
    }

    private SqlFragment areas(Grant g, String i) {
        Set<String> areas = g.team() == null ? Set.of() : structure.teamAreas(g.mechanism(), g.level(), g.team());
        return areas.isEmpty() ? SqlFragment.of("") : SqlFragment.of(" AND " + i + ".areas && ?", (Object) SqlFragment.array(areas));
    }

    private SqlFragment redacted(String row) {
        return SqlFragment.of(row + ".mechanism_code = ANY(?) AND NOT " + row + ".category = ANY(?)",
                SqlFragment.array(redactedMechanisms), SqlFragment.array(sensitiveCategories));
    }
}
