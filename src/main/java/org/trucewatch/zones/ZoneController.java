package org.trucewatch.zones;

import org.trucewatch.zones.model.ZoneType;
import org.trucewatch.zones.model.ZoneView;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.trucewatch.access.AccessPolicy;
import org.trucewatch.access.AccessService;
import org.trucewatch.access.Principal;
import org.trucewatch.access.Role;
import org.trucewatch.geo.GeoJsonWriter;
import org.trucewatch.problem.ProblemException;

/**
 * Zones over HTTP: read them (as GeoJSON, at any time in their history), ask which reports
 * lie in or near one, and import a zone file (admins). Members of a mechanism, whatever
 * their role, see its zones; the reports listed and counted are only those they may see.
 */
@Controller
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Zones")
@SecurityRequirement(name = "bearer")
class ZoneController {
    private static final String GEO_JSON = "application/geo+json";

    private final ZoneService zones;
    private final AccessService access;
    private final AccessPolicy policy;
    private final ObjectMapper mapper;

    ZoneController(ZoneService zones, AccessService access, AccessPolicy policy, ObjectMapper mapper) {
        this.zones = zones;
        this.access = access;
        this.policy = policy;
        this.mapper = mapper;
    }

    @Operation(summary = "Zones valid at a time (default now) as an RFC 7946 FeatureCollection; importable again unchanged")
    @Get("/api/v1/zones")
    @Produces({GEO_JSON, MediaType.APPLICATION_JSON})
    String list(Authentication auth, @Nullable @QueryValue String mechanism, @Nullable @QueryValue String type,
                @Nullable @QueryValue String at) {
        Principal user = access.principal(auth);
        if (mechanism == null && !user.isAdmin()) {
            List<String> mine = List.copyOf(user.mechanismsAs(Role.values()));
            if (mine.size() != 1) {
                throw ProblemException.invalidParameter("mechanism", "name one of your mechanisms: " + mine);
            }
            mechanism = mine.get(0);
        }
        member(user, mechanism);
        ZoneType zoneType = type == null ? null : ZoneType.of(type)
                .orElseThrow(() -> ProblemException.invalidParameter("type", "not a zone type"));
        return zones.exportGeoJson(new ZoneQuery(mechanism, zoneType, instant(at)));
    }

    @Operation(summary = "One zone at a time (default now): its geometry, every version, and the reports in it by category")
    @Get("/api/v1/zones/{code}")
    ObjectNode zone(Authentication auth, @PathVariable String code, @Nullable @QueryValue String at) {
        Principal user = access.principal(auth);
        ZoneDetailView detail = zones.detail(code, instant(at), policy.scope(user));
        member(user, detail.zone().mechanism());
        ObjectNode out = feature(detail.zone());
        ArrayNode versions = out.putArray("versions");
        detail.versions().forEach(v -> versions.addObject().put("version", v.version())
                .put("validFrom", v.validFrom().toString()).put("validTo", v.validTo() == null ? null : v.validTo().toString())
                .put("recordedAt", v.recordedAt().toString()));
        out.set("reportsByCategory", mapper.valueToTree(detail.reportsByCategory()));
        out.put("reports", detail.reports());
        return out;
    }

    @Operation(summary = "Reports inside the zone (a line: within its nearLineM), or within N metres of it on the ground")
    @Get("/api/v1/zones/{code}/reports")
    List<ZoneReportView> reports(Authentication auth, @PathVariable String code, @Nullable @QueryValue Double within,
                                 @Nullable @QueryValue Integer limit) {
        Principal user = access.principal(auth);
        ZoneView zone = zones.history(code).stream().reduce((a, b) -> b)
                .orElseThrow(() -> ProblemException.notFound("No zone " + code));
        member(user, zone.mechanism());
        int n = limit == null ? 1000 : limit;
        return within == null ? zones.reportsInside(code, n, policy.scope(user))
                : zones.reportsWithin(code, within, n, policy.scope(user));
    }

    @Operation(summary = "Import a GeoJSON FeatureCollection or a GeoPackage (any EPSG CRS); all or nothing (admin)")
    @Post("/api/v1/admin/zones")
    @Consumes({GEO_JSON, MediaType.APPLICATION_JSON, "application/geopackage+sqlite3", MediaType.APPLICATION_OCTET_STREAM})
    @Secured("admin")
    ImportZonesReport importZones(HttpRequest<?> request, Authentication auth, @Body byte[] file,
                                  @Nullable @QueryValue String mechanism, @Nullable @QueryValue String layer,
                                  @Nullable @QueryValue Boolean repair, @Nullable @QueryValue String validFrom,
                                  @Nullable @QueryValue String name, @Nullable @QueryValue String crs,
                                  @Nullable @QueryValue String transformation,
                                  @Nullable @QueryValue String acceptAccuracyM) {
        Principal user = access.principal(auth);
        access.requireAdmin(user);
        return zones.importZones(new ImportZonesCommand(name == null ? "upload" : name, file, mechanism, layer,
                Boolean.TRUE.equals(repair), instant(validFrom), user.username(),
                new ImportZonesCommand.CrsOptions(crs, transformation, metres(acceptAccuracyM))));
    }

    private ObjectNode feature(ZoneView zone) {
        ObjectNode f = GeoJsonWriter.feature(zone.code(), zone.geometry());
        ObjectNode p = f.putObject("properties");
        p.put("code", zone.code()).put("type", zone.type().code()).put("mechanism", zone.mechanism())
                .put("version", zone.version()).put("validFrom", zone.validFrom().toString())
                .put("validTo", zone.validTo() == null ? null : zone.validTo().toString());
        p.set("name", zone.name());
        p.setAll(zone.properties());
        if (zone.derivedFrom() != null) {
            p.put("derivedFrom", zone.derivedFrom());
        }
        if (zone.placement() != null) {
            p.set("placement", zone.placement());
        }
        return f;
    }

    /** Zones are a mechanism's business: its members (any role) and admins see them; others learn nothing (404). */
    private static void member(Principal user, String mechanism) {
        if (!user.isAdmin() && (mechanism == null || !user.mechanismsAs(Role.values()).contains(mechanism))) {
            throw ProblemException.notFound("No zones of mechanism " + mechanism);
        }
    }

    private static Double metres(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            double m = Double.parseDouble(raw.strip());
            if (Double.isFinite(m) && m >= 0) {
                return m;
            }
        } catch (NumberFormatException notANumber) {
            // below
        }
        throw ProblemException.invalidParameter("acceptAccuracyM", "a number of metres, e.g. 10");
    }

    private static Instant instant(String at) {
        if (at == null || at.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(at).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidParameter("at", "an RFC 3339 date-time with offset");
        }
    }
}
