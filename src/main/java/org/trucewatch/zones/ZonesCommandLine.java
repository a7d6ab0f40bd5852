package org.trucewatch.zones;

import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.ProblemException;

/**
 * {@code trucewatch zones import <file> [--mechanism CODE] [--layer NAME] [--repair]
 * [--valid-from RFC3339]}: imports a zone file through {@link ZoneService} in an application
 * context without the HTTP server, against the same database the service would use.
 * Exit status 0 when imported, 1 when the file was refused (nothing stored), 2 for a usage
 * error.
 */
public final class ZonesCommandLine {
    static final String USAGE = "usage: trucewatch zones import <file.geojson|file.gpkg> [--mechanism CODE]"
            + " [--layer NAME] [--repair] [--valid-from 2026-03-01T00:00:00Z] [--crs EPSG:21897]"
            + " [--transformation EPSG:15729] [--accept-accuracy-m 10]";

    private ZonesCommandLine() {
    }

    /** Runs {@code args} (after the word "zones") with these context properties; returns the exit status. */
    public static int run(String[] args, Map<String, Object> properties, PrintStream out, PrintStream err) {
        ImportZonesCommand command;
        try {
            command = parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try (ApplicationContext context = ApplicationContext.builder().properties(properties).start()) {
            ImportZonesReport report = context.getBean(ZoneService.class).importZones(command);
            out.printf("imported %s (%s): %d features, %d created, %d new versions, %d unchanged%n", command.fileName(),
                    report.crs(), report.features(), report.created(), report.newVersions(), report.unchanged());
            for (ImportZonesReport.FeatureOutcome o : report.outcomes()) {
                out.printf("  %-5s %-32s %-22s %-11s v%d%s%n", o.index() < 0 ? "" : "#" + o.index(), o.code(),
                        o.type().code(), o.outcome().name().toLowerCase(), o.version(),
                        o.note() == null ? "" : "  (" + o.note() + ")");
            }
            return 0;
        } catch (ProblemException e) {
            err.println(e.type().slug() + ": " + e.getMessage());
            for (FieldError error : e.errors()) {
                err.println("  " + (error.pointer() != null ? error.pointer() : "--" + error.parameter()) + ": "
                        + error.detail());
            }
            return 1;
        }
    }

    static ImportZonesCommand parse(String[] args) {
        if (args.length < 2 || !args[0].equals("import")) {
            throw new IllegalArgumentException(args.length == 0 ? "no zones command given" : "unknown zones command");
        }
        Path file = Path.of(args[1]);
        String mechanism = null;
        String layer = null;
        boolean repair = false;
        Instant validFrom = null;
        String crs = null;
        String transformation = null;
        Double accept = null;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--mechanism" -> mechanism = value(args, ++i);
                case "--layer" -> layer = value(args, ++i);
                case "--repair" -> repair = true;
                case "--crs" -> crs = value(args, ++i);
                case "--transformation" -> transformation = value(args, ++i);
                case "--accept-accuracy-m" -> {
                    try {
                        accept = Double.parseDouble(value(args, ++i));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--accept-accuracy-m needs a number of metres");
                    }
                }
                case "--valid-from" -> {
                    try {
                        validFrom = OffsetDateTime.parse(value(args, ++i)).toInstant();
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException("--valid-from needs an RFC 3339 date-time with offset");
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        return new ImportZonesCommand(file.toString(), content, mechanism, layer, repair, validFrom,
                "cli:" + System.getProperty("user.name", "unknown"),
                new ImportZonesCommand.CrsOptions(crs, transformation, accept));
    }

    private static String value(String[] args, int i) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
