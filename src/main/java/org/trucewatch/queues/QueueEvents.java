package org.trucewatch.queues;

import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trucewatch.mechanisms.QueueNotices;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Queue changes as a stream, read from the queue notices ({@link QueueNotices}) every
 * {@code trucewatch.queue-notices.poll-interval} by one thread, with one indexed query each
 * time, and handed to every subscriber of this instance. Started by the first subscriber.
 * Changes committed by any instance sharing the database arrive here; while the database is
 * away the reader waits, and then goes on from where it was, so nothing committed meanwhile
 * is missed.
 */
@Singleton
class QueueEvents {
    private static final Logger LOG = LoggerFactory.getLogger(QueueEvents.class);
    /** Between attempts while the notices cannot be read. */
    private static final Duration RETRY = Duration.ofSeconds(2);

    /** What a subscriber receives: the queue and the incident that changed in it. */
    record QueueChange(String queue, UUID incidentId) {
    }

    private final Sinks.Many<QueueChange> sink = Sinks.many().multicast().directBestEffort();
    private final QueueNotices notices;
    private final Duration interval;
    private volatile Thread reader;
    private volatile boolean stopped;

    QueueEvents(QueueNotices notices, @Value("${trucewatch.queue-notices.poll-interval:250ms}") Duration interval) {
        this.notices = notices;
        this.interval = interval;
    }

    /**
     * The changes in the queues {@code queues} accepts, committed from now on: when this
     * returns, the reader's position is fixed, so a change committed after the caller
     * subscribes is never missed.
     */
    Flux<QueueChange> changes(Predicate<String> queues) {
        start();
        // The sink drops a change for a subscriber that is not asking for more at that instant
        // (directBestEffort); a buffer per subscriber always asks. A subscriber that falls
        // 4,096 changes behind gets an error and its browser reconnects and reloads.
        return sink.asFlux().onBackpressureBuffer(4096).filter(c -> queues.test(c.queue()));
    }

    private synchronized void start() {
        if (reader != null) {
            return;
        }
        // Read here, on the first subscriber's thread: a database that is away fails its request.
        QueueNotices.Cursor first = notices.now();
        reader = new Thread(() -> read(first), "queue-notices");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(QueueNotices.Cursor from) {
        QueueNotices.Cursor cursor = from;
        boolean failing = false;
        while (!stopped) {
            try {
                Thread.sleep((failing ? RETRY : interval).toMillis());
                QueueNotices.Batch batch = notices.after(cursor);
                for (QueueNotices.Notice n : batch.notices()) {
                    sink.tryEmitNext(new QueueChange(n.queue(), n.incidentId()));
                }
                cursor = batch.next();
                if (failing) {
                    LOG.info("queue notices are read again");
                    failing = false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (stopped) {
                    return;
                }
                if (!failing) {
                    LOG.warn("queue notices cannot be read ({}); trying again every {} s", e.toString(),
                            RETRY.toSeconds());
                }
                failing = true;
            }
        }
    }

    @PreDestroy
    void stop() {
        stopped = true;
        if (reader != null) {
            reader.interrupt();
        }
    }
}
