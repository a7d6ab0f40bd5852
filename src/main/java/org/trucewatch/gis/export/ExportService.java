package org.trucewatch.gis.export;

import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trucewatch.access.Principal;
import org.trucewatch.audit.AuditLog;
import org.trucewatch.audit.AuditRecord;
import org.trucewatch.gis.Layer;
import org.trucewatch.gis.LayerQuery;
import org.trucewatch.problem.ProblemException;

/**
 * Runs file exports: records {@code export.create} in the audit log (layer, format and the
 * SHA-256 of the filter, never the data), then writes the file on a worker thread into a
 * pipe the HTTP response reads from, so the file streams out as the rows stream in.
 */
@Singleton
public class ExportService {
    private static final Logger LOG = LoggerFactory.getLogger(ExportService.class);
    private static final int PIPE = 1 << 20;

    private final List<ExportFormat> formats;
    private final AuditLog audit;
    private final ExecutorService executor;

    ExportService(List<ExportFormat> formats, AuditLog audit, @Named(TaskExecutors.BLOCKING) ExecutorService executor) {
        this.formats = formats;
        this.audit = audit;
        this.executor = executor;
    }

    /** The format for a file extension, or 404 naming the ones served. */
    public ExportFormat format(String extension) {
        return formats.stream().filter(f -> f.extension().equals(extension)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("No export format '" + extension + "'; formats: "
                        + String.join(", ", formats.stream().map(ExportFormat::extension).sorted().toList())));
    }

    /** Audits the export and starts writing it; the stream fails (rather than ending early) if writing fails. */
    public InputStream start(Layer layer, ExportFormat format, LayerQuery query, Principal user, boolean byteOrderMark) {
        String digest = digest(layer.id() + "\n" + format.extension() + "\n" + query.bbox() + "\n" + query.datetime()
                + "\n" + query.properties());
        audit.append(AuditRecord.of(user.username(), "export.create", "layer", layer.id())
                .withDetails("{\"format\":\"" + format.extension() + "\",\"filterDigest\":\"" + digest + "\"}"));
        ExportSource source = new ExportSource(layer, query, user, layer.fields(user), byteOrderMark);
        FailingPipe in = new FailingPipe(PIPE);
        PipedOutputStream pipe;
        try {
            pipe = new PipedOutputStream(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor.execute(() -> {
            try (OutputStream out = new BufferedOutputStream(pipe, 1 << 16)) {
                format.write(source, out);
            } catch (IOException | RuntimeException e) {
                in.fail(e);
                LOG.warn("export.create {}.{} by {} failed or was abandoned: {}", layer.id(), format.extension(),
                        user.username(), e.toString());
            }
        });
        return in;
    }

    private static String digest(String canonical) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A pipe whose reader gets an error, not a clean end, when the writer failed: a cut file must not look whole. */
    static final class FailingPipe extends PipedInputStream {
        private volatile Throwable failure;

        FailingPipe(int size) {
            super(size);
        }

        void fail(Throwable t) {
            failure = t;
            try {
                close();
            } catch (IOException ignored) {
                // the reader sees the failure instead
            }
        }

        @Override
        public synchronized int read() throws IOException {
            check();
            int b = super.read();
            if (b < 0) {
                check();
            }
            return b;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            check();
            int n = super.read(b, off, len);
            if (n < 0) {
                check();
            }
            return n;
        }

        private void check() throws IOException {
            if (failure != null) {
                throw new IOException("the export failed", failure);
            }
        }
    }
}
