package org.trucewatch.queues;

import org.trucewatch.mechanisms.IncidentStatus;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.mechanisms.QueueSelection;
import org.trucewatch.mechanisms.QueueView;
import org.trucewatch.review.IncidentQueries;
import org.trucewatch.review.IncidentView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.uri.UriBuilder;
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
import org.trucewatch.taxonomy.Taxonomy;
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
    private final Taxonomy taxonomy;

    QueueController(IncidentQueries queries, MechanismService mechanisms, AccessService access, QueueEvents events,
                    AccessPolicy policy, Taxonomy taxonomy) {
        this.policy = policy;
        this.taxonomy = taxonomy;
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

    @Operation(summary = "A page of a queue's open items: filtered (status, category, words in the reports' descriptions"
            + " in any working language, or a reference), in one order (severity, deadline, observed), read by keyset;"
            + " a Link header with rel=next names the next page while more follow (docs/mechanisms.md, 'Queue items')")
    @Get("/{queueId}/items")
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<List<IncidentView>> items(Authentication auth, HttpRequest<?> request, @PathVariable String queueId,
                                           @Nullable @QueryValue Integer limit, @Nullable @QueryValue String sort,
                                           @Nullable @QueryValue String status, @Nullable @QueryValue String category,
                                           @Nullable @QueryValue String q, @Nullable @QueryValue String after) {
        QueueSelection selection = selection(limit, sort, status, category, q, after);
        IncidentQueries.QueuePage page = queries.queueItems(queueId, access.principal(auth), selection);
        MutableHttpResponse<List<IncidentView>> response = HttpResponse.ok(page.items());
        if (page.next() != null) {
            UriBuilder next = UriBuilder.of(request.getPath());
            request.getParameters().forEach((name, values) -> {
                if (!name.equals("after")) {
                    values.forEach(v -> next.queryParam(name, v));
                }
            });
            next.queryParam("after", page.next().token());
            response.header("Link", "<" + next.build() + ">; rel=\"next\"");
        }
        return response;
    }

    /** The query parameters of a page, each refused with 400 naming it. */
    private QueueSelection selection(Integer limit, String sort, String status, String category, String q, String after) {
        int n = limit == null ? 100 : limit;
        if (n < 1 || n > 1000) {
            throw ProblemException.invalidParameter("limit", "must be from 1 to 1000");
        }
        QueueSelection.Order order = sort == null ? QueueSelection.Order.SEVERITY : QueueSelection.Order.of(sort)
                .orElseThrow(() -> ProblemException.invalidParameter("sort", "must be severity, deadline or observed"));
        List<String> statuses = codes(status);
        for (String code : statuses) {
            if (IncidentStatus.fromCode(code).filter(IncidentStatus::isOpen).isEmpty()) {
                throw ProblemException.invalidParameter("status", "'" + code + "' is not an open status of a queue item"
                        + " (GET /api/v1/vocabulary)");
            }
        }
        List<String> categories = codes(category);
        for (String code : categories) {
            if (!taxonomy.isCategory(code)) {
                throw ProblemException.invalidParameter("category", "'" + code + "' is not a category (GET /api/v1/taxonomy)");
            }
        }
        String text = q == null || q.isBlank() ? null : q.strip();
        if (text != null && text.length() > 200) {
            throw ProblemException.invalidParameter("q", "must be at most 200 characters");
        }
        QueueSelection.Key key = null;
        if (after != null) {
            key = QueueSelection.Key.parse(after).filter(k -> k.order() == order).orElseThrow(() ->
                    ProblemException.invalidParameter("after", "is not the key of a page in this order; take it from"
                            + " the Link header of the page before"));
        }
        return new QueueSelection(statuses, categories, text, order, key, n);
    }

    /** A comma-separated list of codes; empty when none. */
    private static List<String> codes(String list) {
        if (list == null || list.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(list.split(",")).map(String::strip).filter(c -> !c.isEmpty()).distinct().toList();
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
