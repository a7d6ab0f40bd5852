package org.trucewatch.queues;

import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.mechanisms.QueueView;
import org.trucewatch.review.IncidentQueries;
import org.trucewatch.review.IncidentView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.reactivestreams.Publisher;
import org.trucewatch.access.AccessPolicy;
import org.trucewatch.access.AccessScope;
import org.trucewatch.access.AccessService;
import org.trucewatch.access.Principal;
import org.trucewatch.problem.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The queues a user works or watches, their items, and a live stream of their changes. */
@Controller("/api/v1/queues")
@Secured(SecurityRule.IS_AUTHENTICATED)
@Tag(name = "Queues")
@SecurityRequirement(name = "bearer")
class QueueController {
    private final IncidentQueries queries;
    private final MechanismService mechanisms;
    private final AccessService access;
    private final QueueEvents events;
    private final AccessPolicy policy;

    QueueController(IncidentQueries queries, MechanismService mechanisms, AccessService access, QueueEvents events,
                    AccessPolicy policy) {
        this.policy = policy;
        this.queries = queries;
        this.mechanisms = mechanisms;
        this.access = access;
        this.events = events;
    }

    @Operation(summary = "The caller's queues with open and overdue counts")
    @Get
    @ExecuteOn(TaskExecutors.BLOCKING)
    List<QueueView> queues(Authentication auth) {
        return queries.queues(access.principal(auth), mechanisms);
    }

    @Operation(summary = "Server-Sent Events for all the caller's queues: one 'change' event per incident the caller"
            + " may see that changes in any of them, with the queue's id; the set of queues and the caller's grants are"
            + " fixed when the stream opens. Reconnect with Last-Event-ID to get what changed meanwhile (docs/api.md)")
    @Get(value = "/events", produces = MediaType.TEXT_EVENT_STREAM)
    @ExecuteOn(TaskExecutors.BLOCKING)
    Publisher<Event<?>> allStream(Authentication auth, @Nullable @Header("Last-Event-ID") String lastEventId) {
        Principal user = access.principal(auth);
        StreamPosition from = resumeFrom(lastEventId);
        Set<String> mine = queries.queues(user, mechanisms).stream().map(QueueView::id).collect(Collectors.toSet());
        return stream(visible(changes(mine::contains, from), policy.scope(user)),
                Map.of("queues", mine.stream().sorted().toList()));
    }

    @Operation(summary = "A queue's open items, most severe first, then by deadline")
    @Get("/{queueId}/items")
    @ExecuteOn(TaskExecutors.BLOCKING)
    List<IncidentView> items(Authentication auth, @PathVariable String queueId, @Nullable @QueryValue Integer limit) {
        int n = limit == null ? 100 : limit;
        if (n < 1 || n > 1000) {
            throw ProblemException.invalidParameter("limit", "must be from 1 to 1000");
        }
        return queries.queueItems(queueId, access.principal(auth), n);
    }

    @Operation(summary = "Server-Sent Events: one 'change' event per incident that changes in the queue."
            + " Reconnect with Last-Event-ID to get what changed meanwhile (docs/api.md)")
    @Get(value = "/{queueId}/events", produces = MediaType.TEXT_EVENT_STREAM)
    @ExecuteOn(TaskExecutors.BLOCKING)
    Publisher<Event<?>> stream(Authentication auth, @PathVariable String queueId,
                               @Nullable @Header("Last-Event-ID") String lastEventId) {
        Principal user = access.principal(auth);
        StreamPosition from = resumeFrom(lastEventId);
        queries.requireWatch(queueId, user);
        return stream(visible(changes(queueId::equals, from), policy.scope(user)), Map.of("queue", queueId));
    }

    /** The position a reconnecting client names; null for a new stream; 400 for an id this service never wrote. */
    private static StreamPosition resumeFrom(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return null;
        }
        return StreamPosition.parse(lastEventId).orElseThrow(() -> ProblemException.invalidHeader("Last-Event-ID",
                "is not the id of an event of this stream; reconnect without it and read the queues again"));
    }

    private Flux<QueueEvents.Item> changes(Predicate<String> queues, StreamPosition from) {
        return from == null ? events.changes(queues) : events.changes(queues, from);
    }

    /**
     * Only the changes of incidents this subscriber may see: the others' ids (UUIDv7, which
     * carry their creation time) and the moments they are worked are not theirs to learn.
     * Each change is checked in the database, through the same scope as every list.
     */
    private Flux<QueueEvents.Item> visible(Flux<QueueEvents.Item> items, AccessScope scope) {
        return items.concatMap(item -> item.kind() != QueueEvents.Kind.CHANGE ? Mono.just(item)
                : Mono.fromCallable(() -> queries.canSee(scope, item.change().incidentId()) ? item
                        : item.closesBatch() ? item.positionOnly() : null)
                .subscribeOn(Schedulers.boundedElastic()));
    }

    private static Publisher<Event<?>> stream(Flux<QueueEvents.Item> source, Map<String, Object> openedWith) {
        // Every event's id is the stream position after it; a 'position' event only moves it
        // (the client has nothing to do), a 'reset' asks the client to read its queues again.
        Flux<Event<?>> changes = source.map(item -> switch (item.kind()) {
            case CHANGE -> Event.of((Object) item.change()).name("change").id(item.position().id());
            case POSITION -> Event.of((Object) Map.of()).name("position").id(item.position().id());
            case RESET -> Event.of((Object) Map.of()).name("reset").id(item.position().id());
        });
        // A comment line every 20 s keeps proxies from closing an idle stream.
        Flux<Event<?>> keepAlive = Flux.interval(Duration.ofSeconds(20)).map(t -> Event.of("").comment("keep-alive"));
        Flux<Event<?>> opened = Flux.just(Event.of(openedWith).name("open"));
        // merge subscribes in order: the changes are listened to before "open" tells the
        // client it may rely on the stream (else a change right after "open" could be missed)
        return Flux.merge(changes, keepAlive, opened);
    }
}
