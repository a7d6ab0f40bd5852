package org.trucewatch.queues;

import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trucewatch.mechanisms.QueueNotices;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.concurrent.Queues;

/**
 * Queue changes as a stream, read from the queue notices ({@link QueueNotices}) every
 * {@code trucewatch.queue-notices.poll-interval} by one thread, with one indexed query each
 * time, and handed to every subscriber of this instance. Started by the first subscriber.
 * Changes committed by any instance sharing the database arrive here; while the database is
 * away the reader waits, and then goes on from where it was, so nothing committed meanwhile
 * is missed.
 *
 * <p>Every item carries the {@link StreamPosition} a client resumes from after it (its SSE id).
 * Of a batch of notices read together, all but the last carry the position before the batch
 * and the last the position after it: a client cut off inside a batch gets the whole batch
 * again, never less. A change may therefore arrive twice; it means "read this incident again",
 * so a second one costs a read and loses nothing.
 */
@Singleton
class QueueEvents {
    private static final Logger LOG = LoggerFactory.getLogger(QueueEvents.class);
    /** Between attempts while the notices cannot be read. */
    private static final Duration RETRY = Duration.ofSeconds(2);

    /** What a subscriber learns: the queue and the incident that changed in it. */
    record QueueChange(String queue, UUID incidentId) {
    }

    /** What an item tells a subscriber. */
    enum Kind {
        /** An incident changed in a queue. */
        CHANGE,
        /** Nothing for this subscriber, but its stream has moved on to {@link Item#position()}. */
        POSITION,
        /** The client was away longer than notices are kept: it must read its queues again. */
        RESET
    }

    /** One item of a subscriber's stream; {@code change} is null unless the kind is CHANGE. */
    record Item(Kind kind, QueueChange change, StreamPosition position, boolean closesBatch) {
        /** The same place in the stream, without a change this subscriber may learn of. */
        Item positionOnly() {
            return new Item(Kind.POSITION, null, position, closesBatch);
        }
    }

    /**
     * How much sooner than the notices' retention a resume is refused: instances' clocks and the
     * database's (which prunes) may differ by this much.
     */
    private static final Duration CLOCK_MARGIN = Duration.ofMinutes(5);

    private final Sinks.Many<Item> sink = Sinks.many().multicast().directBestEffort();
    private final QueueNotices notices;
    private final Duration interval;
    private final Duration retention;
    private final Clock clock;
    private volatile Thread reader;
    private volatile boolean stopped;

    QueueEvents(QueueNotices notices, Clock clock,
                @Value("${trucewatch.queue-notices.poll-interval:250ms}") Duration interval,
                @Value("${trucewatch.queue-notices.retention:1h}") Duration retention) {
        this.notices = notices;
        this.clock = clock;
        this.interval = interval;
        this.retention = retention;
    }

    /**
     * The changes in the queues {@code queues} accepts, committed from now on: when this
     * returns, the reader's position is fixed, so a change committed after the caller
     * subscribes is never missed.
     */
    Flux<Item> changes(Predicate<String> queues) {
        start();
        // The sink drops a change for a subscriber that is not asking for more at that instant
        // (directBestEffort); a buffer per subscriber always asks. A subscriber that falls
        // 4,096 changes behind gets an error and its client reconnects from its last id.
        return sink.asFlux().onBackpressureBuffer(4096).handle((item, next) -> {
            Item mine = forQueues(item, queues);
            if (mine != null) {
                next.next(mine);
            }
        });
    }

    /**
     * The changes in the queues {@code queues} accepts committed since {@code from} (a position
     * this stream gave the client before), then those committed from now on; or, when the
     * notices since {@code from} may no longer be kept, a RESET and then the changes from now on.
     * Live changes that arrive while the past ones are read wait behind them.
     */
    Flux<Item> changes(Predicate<String> queues, StreamPosition from) {
        Flux<Item> live = changes(queues);
        return Flux.defer(() -> {
            Sinks.Many<Item> held = Sinks.many().unicast().onBackpressureBuffer(Queues.<Item>get(4096).get());
            // Listening first: a change committed while the past is read arrives here (perhaps twice).
            Disposable listening = live.subscribe(item -> {
                if (held.tryEmitNext(item).isFailure()) {
                    held.tryEmitError(new IllegalStateException("queue stream fell 4096 changes behind"));
                }
            }, held::tryEmitError);
            Flux<Item> past = Mono.fromCallable(() -> since(from, queues))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMapIterable(items -> items);
            return Flux.concat(past, held.asFlux()).doFinally(signal -> listening.dispose());
        });
    }

    private List<Item> since(StreamPosition from, Predicate<String> queues) {
        if (from.readAt().isBefore(clock.instant().minus(retention).plus(CLOCK_MARGIN))) {
            return List.of(new Item(Kind.RESET, null, new StreamPosition(clock.instant(), notices.now()), true));
        }
        QueueNotices.Batch batch = notices.after(from.cursor());
        List<Item> items = new ArrayList<>();
        for (Item item : items(batch, from, new StreamPosition(clock.instant(), batch.next()))) {
            Optional.ofNullable(forQueues(item, queues)).ifPresent(items::add);
        }
        if (items.isEmpty()) {
            items.add(new Item(Kind.POSITION, null, new StreamPosition(clock.instant(), batch.next()), true));
        }
        return items;
    }

    /** The items of a batch read from {@code before}: the last carries {@code after}. */
    private static List<Item> items(QueueNotices.Batch batch, StreamPosition before, StreamPosition after) {
        List<Item> items = new ArrayList<>(batch.notices().size());
        for (int i = 0; i < batch.notices().size(); i++) {
            QueueNotices.Notice n = batch.notices().get(i);
            boolean last = i == batch.notices().size() - 1;
            items.add(new Item(Kind.CHANGE, new QueueChange(n.queue(), n.incidentId()), last ? after : before, last));
        }
        return items;
    }

    /** The item as a subscriber to {@code queues} gets it, or null when it gets nothing of it. */
    private static Item forQueues(Item item, Predicate<String> queues) {
        if (item.kind() != Kind.CHANGE || queues.test(item.change().queue())) {
            return item;
        }
        return item.closesBatch() ? item.positionOnly() : null;
    }

    private synchronized void start() {
        if (reader != null) {
            return;
        }
        // Read here, on the first subscriber's thread: a database that is away fails its request.
        StreamPosition first = new StreamPosition(clock.instant(), notices.now());
        reader = new Thread(() -> read(first), "queue-notices");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(StreamPosition from) {
        StreamPosition position = from;
        boolean failing = false;
        while (!stopped) {
            try {
                Thread.sleep((failing ? RETRY : interval).toMillis());
                QueueNotices.Batch batch = notices.after(position.cursor());
                StreamPosition next = new StreamPosition(clock.instant(), batch.next());
                for (Item item : items(batch, position, next)) {
                    sink.tryEmitNext(item);
                }
                position = next;
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
