package org.trucewatch.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs GDAL's command-line tools (and the GeoPackage validator) the way a GIS user would. */
public final class Gdal {
    private Gdal() {
    }

    /** What a command printed (stdout and stderr together) and its exit code. */
    public record Run(int exit, String output) {
        public Run ok() {
            if (exit != 0) {
                throw new AssertionError("exit " + exit + ":\n" + output);
            }
            return this;
        }

        /** The number after "Feature Count: " (ogrinfo -so), or -1. */
        public long featureCount() {
            Matcher m = Pattern.compile("Feature Count: (\\d+)").matcher(output);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        }

        public String geometryType() {
            Matcher m = Pattern.compile("Geometry: (.+)").matcher(output);
            return m.find() ? m.group(1).strip() : null;
        }
    }

    public static Run run(String... command) {
        return run(List.of(command));
    }

    public static Run run(List<String> command) {
        try {
            Path log = Files.createTempFile("gdal-", ".log");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            return new Run(p.exitValue(), out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code ogrinfo -ro -so -al SOURCE [more]}: the summary of every layer. */
    public static Run summary(String source, String... more) {
        List<String> command = new ArrayList<>(List.of("ogrinfo", "-ro", "-so", "-al", source));
        command.addAll(List.of(more));
        return run(command).ok();
    }

    /** The layer names of a source ({@code ogrinfo -ro -q}). */
    public static List<String> layers(String source) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\d+: (\\S+)").matcher(run("ogrinfo", "-ro", "-q", source).ok().output());
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * Converts any source GDAL reads to GeoJSON (CRS84) and returns the text; a source of several
     * layers (a GeoPackage with one table per geometry kind) as one collection of all their features
     * (its {@code layer_styles} table left out).
     */
    public static String toGeoJson(String source, String... layer) {
        if (layer.length == 0 && !source.startsWith("OAPIF:")) {
            List<String> found = layers(source);
            List<String> all = new ArrayList<>(found);
            all.remove("layer_styles"); // a GeoPackage's QGIS styles, not features
            if (found.size() > 1) {
                StringBuilder merged = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
                for (String name : all) {
                    String json = toGeoJson(source, name);
                    int start = json.indexOf('[', json.indexOf("\"features\""));
                    String features = json.substring(start + 1, json.lastIndexOf(']')).strip();
                    if (!features.isEmpty()) {
                        merged.append(merged.charAt(merged.length() - 1) == '[' ? "" : ",").append(features);
                    }
                }
                return merged.append("]}").toString();
            }
        }
        try {
            Path out = Files.createTempFile("gdal-", ".geojson");
            Files.delete(out);
            List<String> command = new ArrayList<>(List.of("ogr2ogr", "-f", "GeoJSON", out.toString(), source));
            command.addAll(List.of(layer));
            run(command).ok();
            String json = Files.readString(out, StandardCharsets.UTF_8);
            Files.deleteIfExists(out);
            return json;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** GDAL's GeoPackage validator with extra checks, warnings counted as errors. */
    public static Run validateGeoPackage(Path file) {
        return run("/usr/bin/python3", "-m", "osgeo_utils.samples.validate_gpkg", "--extra", "--warning-as-error",
                file.toString());
    }
}
