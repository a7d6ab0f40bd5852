package org.trucewatch.forms;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.jdbc.DataSourceResolver;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.largeobject.LargeObject;
import org.postgresql.largeobject.LargeObjectManager;

/**
 * The bytes of attached files, as PostgreSQL large objects (docs/operations.md, "Media
 * storage"), owned by the schema's owner and sealed read-only once written (migrations/V85),
 * written and read in chunks through the JDBC driver's LargeObject API so that no
 * file is ever whole in the service's memory. A file is written in the caller's transaction
 * (the submission's): a rollback removes it with the report. Reads for download run on a
 * connection of their own, held only while the file streams out.
 */
@Singleton
class AttachmentContentStore {
    static final int CHUNK = 64 * 1024;

    private final ConnectionOperations<Connection> connections;
    private final DataSource pool;
    private final AttachmentRepository objects;

    AttachmentContentStore(ConnectionOperations<Connection> connections, DataSource dataSource,
                           @Nullable DataSourceResolver resolver, AttachmentRepository objects) {
        this.connections = connections;
        this.objects = objects;
        // The pool itself, not the transaction-bound view of it: a download outlives any transaction.
        this.pool = (resolver == null ? DataSourceResolver.DEFAULT : resolver).resolve(dataSource);
    }

    /** Where a file went: its large object, its length and its SHA-256, computed as it streamed in. */
    record Stored(long oid, long size, byte[] sha256) {
    }

    /** Streams {@code in} into a new large object of the current transaction. */
    Stored store(InputStream in) {
        try {
            LargeObjectManager manager = manager(connections.getConnectionStatus().getConnection());
            long oid = objects.createContent();
            MessageDigest sha = sha256();
            long size = 0;
            try (LargeObject lo = manager.open(oid, LargeObjectManager.WRITE);
                 DigestInputStream digesting = new DigestInputStream(in, sha)) {
                byte[] buffer = new byte[CHUNK];
                for (int n; (n = digesting.read(buffer)) > 0; ) {
                    lo.write(buffer, 0, n);
                    size += n;
                }
            }
            objects.sealContent(oid);
            return new Stored(oid, size, sha.digest());
        } catch (SQLException e) {
            throw new IllegalStateException("a large object could not be written", e);
        } catch (IOException e) {
            throw new UncheckedIOException("a received file could not be read back from its buffer", e);
        }
    }

    /** The SHA-256 of {@code in}, read through without storing it (a resent file is compared, not stored twice). */
    static byte[] sha256Of(InputStream in) {
        MessageDigest sha = sha256();
        try (DigestInputStream digesting = new DigestInputStream(in, sha)) {
            digesting.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("a received file could not be read back from its buffer", e);
        }
        return sha.digest();
    }

    /** Reads a large object of the current transaction from its start (the EXIF of a photo just stored). */
    <T> T readBack(long oid, java.util.function.Function<InputStream, T> reader) {
        try (LargeObject lo = manager(connections.getConnectionStatus().getConnection()).open(oid, LargeObjectManager.READ)) {
            return reader.apply(lo.getInputStream());
        } catch (SQLException e) {
            throw new IllegalStateException("a large object could not be read back", e);
        }
    }

    /** Removes a large object of the current transaction that no attachment names (a file that lost a race). */
    void unlink(long oid) {
        objects.discardContent(oid);
    }

    /**
     * The file's bytes, read in chunks as the client takes them: a pooled connection, in a
     * read-only transaction (large objects are read inside one), is held from the first byte to
     * the last and released when the stream is closed (the download ended or was cut).
     */
    InputStream read(long oid) {
        Connection c = null;
        try {
            c = pool.getConnection();
            c.setAutoCommit(false);
            c.setReadOnly(true);
            LargeObject lo = manager(c).open(oid, LargeObjectManager.READ);
            return new Download(c, lo);
        } catch (SQLException e) {
            close(c);
            throw new IllegalStateException("a large object could not be opened", e);
        }
    }

    /** A large object's stream that gives its connection back when closed. */
    private static final class Download extends java.io.FilterInputStream {
        private final Connection connection;
        private final LargeObject lo;
        private boolean closed;

        Download(Connection connection, LargeObject lo) throws SQLException {
            super(new java.io.BufferedInputStream(lo.getInputStream(), CHUNK));
            this.connection = connection;
            this.lo = lo;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                lo.close();
            } catch (SQLException e) {
                // The rollback below ends the object's use in any case.
            }
            AttachmentContentStore.close(connection);
        }
    }

    private static void close(Connection c) {
        if (c == null) {
            return;
        }
        try (c) {
            c.rollback();
            c.setReadOnly(false);
            c.setAutoCommit(true);
        } catch (SQLException e) {
            // The pool checks the connection before handing it out again.
        }
    }

    private static LargeObjectManager manager(Connection c) throws SQLException {
        return c.unwrap(PGConnection.class).getLargeObjectAPI();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
