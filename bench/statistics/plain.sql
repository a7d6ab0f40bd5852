-- The reference: what a GIS officer would write for the monthly table, straight on the owners'
-- tables: months in Asia/Beirut, one row per incident (not merged away), each figure the largest
-- any of its reports gives (linked duplicates counted once, never summed). Run by run.sh with
-- psql -v by_party=false (month × category) or true (month × category × alleged party: an
-- incident counts once under each party any of its reports alleges, under none if none does).
WITH per_incident AS (
    SELECT i.id, i.category, i.observed_at,
           max(r.event_count) AS event_count,
           max(r.civilians_killed) AS civilians_killed, max(r.civilians_injured) AS civilians_injured,
           max(r.combatants_killed) AS combatants_killed, max(r.combatants_injured) AS combatants_injured
    FROM incident i
    LEFT JOIN incident_report ir ON ir.incident_id = i.id
    LEFT JOIN report r ON r.id = ir.report_id
    WHERE i.mechanism_code = 'lebanon-tripartite' AND i.status <> 'merged'
      AND i.observed_at >= timestamp '2024-12-01' AT TIME ZONE 'Asia/Beirut'
      AND i.observed_at < timestamp '2026-12-01' AT TIME ZONE 'Asia/Beirut'
    GROUP BY i.id),
incident_party AS (
    SELECT DISTINCT ir.incident_id, p.party
    FROM incident_report ir JOIN report r ON r.id = ir.report_id CROSS JOIN unnest(r.alleged_parties) AS p(party))
SELECT to_char(date_trunc('month', pi.observed_at AT TIME ZONE 'Asia/Beirut'), 'YYYY-MM') AS month, pi.category,
       ip.party, count(*) AS incidents, sum(coalesce(pi.event_count, 1)) AS events,
       sum(coalesce(pi.civilians_killed, 0) + coalesce(pi.combatants_killed, 0)) AS killed,
       sum(coalesce(pi.civilians_injured, 0) + coalesce(pi.combatants_injured, 0)) AS injured,
       coalesce(sum(pi.civilians_killed), 0) AS civilians_killed, coalesce(sum(pi.civilians_injured), 0) AS civilians_injured,
       coalesce(sum(pi.combatants_killed), 0) AS combatants_killed, coalesce(sum(pi.combatants_injured), 0) AS combatants_injured
FROM per_incident pi
LEFT JOIN incident_party ip ON :by_party AND ip.incident_id = pi.id
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3;
