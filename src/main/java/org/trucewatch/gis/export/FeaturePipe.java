package org.trucewatch.gis.export;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.trucewatch.gis.LayerFeature;

/**
 * Reads a layer on its own thread into a small bounded queue (constant memory), so a writer
 * that spends as long per feature as the reading does can run alongside it. Closing it early
 * (the writer failed, the client left) interrupts the reader, which ends the query.
 */
final class FeaturePipe implements AutoCloseable {
    private static final LayerFeature END = new LayerFeature("", null, Map.of());
    private static final int CAPACITY = 2_048;

    private final BlockingQueue<LayerFeature> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread reader;

    private FeaturePipe(ExportSource source, String name) {
        reader = new Thread(() -> read(source), name);
        reader.setDaemon(true);
    }

    static FeaturePipe start(ExportSource source, String name) {
        FeaturePipe pipe = new FeaturePipe(source, name);
        pipe.reader.start();
        return pipe;
    }

    private void read(ExportSource source) {
        try {
            source.forEach(f -> {
                try {
                    queue.put(f);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("export abandoned", e);
                }
            });
        } catch (RuntimeException e) {
            failure.set(e);
        } finally {
            try {
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // nobody is waiting any more
            }
        }
    }

    /** The next feature, or null at the end; throws if reading failed. */
    LayerFeature next() throws IOException {
        try {
            LayerFeature f = queue.take();
            if (f == END) {
                if (failure.get() != null) {
                    throw new IOException("reading the layer failed", failure.get());
                }
                return null;
            }
            return f;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("export interrupted", e);
        }
    }

    @Override
    public void close() {
        if (reader.isAlive()) {
            reader.interrupt();
            try {
                reader.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
