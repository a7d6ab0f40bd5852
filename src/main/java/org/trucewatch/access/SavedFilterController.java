package org.trucewatch.access;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;

/**
 * The caller's saved filters of the queue, the map and the statistics page (docs/webapp.md,
 * "Saved filters"): each user reads and changes only their own. A filter is the page's query
 * text; the page's own routes check its parameters when they are asked, so a saved filter never
 * reaches rows the access policy does not give the user.
 */
@Controller("/api/v1/me/filters")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Access")
@SecurityRequirement(name = "bearer")
class SavedFilterController {
    static final Set<String> PAGES = Set.of("queue", "map", "statistics");
    static final int MAX_PER_USER = 200;

    private final SavedFilterRepository filters;
    private final AccessService access;
    private final Clock clock;

    SavedFilterController(SavedFilterRepository filters, AccessService access, Clock clock) {
        this.filters = filters;
        this.access = access;
        this.clock = clock;
    }

    /** A filter to save: the page it is for, its name, and the page's query text. */
    record FilterCommand(@Nullable String page, @Nullable String name, @Nullable String query) {
    }

    @Operation(summary = "The caller's saved filters, of one page (queue, map, statistics) or all")
    @Get
    List<SavedFilterRepository.SavedFilter> list(Authentication auth, @Nullable @QueryValue String page) {
        if (page != null && !PAGES.contains(page)) {
            throw ProblemException.invalidParameter("page", "must be queue, map or statistics");
        }
        return filters.of(access.principal(auth).username(), page);
    }

    @Operation(summary = "Save a filter under a name (201), or replace the caller's filter of that page and name (200)")
    @Post
    HttpResponse<SavedFilterRepository.SavedFilter> save(Authentication auth, @Body FilterCommand command) {
        List<FieldError> errors = new ArrayList<>();
        if (command.page() == null || !PAGES.contains(command.page())) {
            errors.add(FieldError.at("/page", "must be queue, map or statistics"));
        }
        String name = command.name() == null ? "" : command.name().strip();
        if (name.isEmpty() || name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
            errors.add(FieldError.at("/name", "1 to 100 characters, no control characters"));
        }
        if (command.query() == null || command.query().length() > 2000 || command.query().chars().anyMatch(Character::isISOControl)) {
            errors.add(FieldError.at("/query", "the page's query text, at most 2,000 characters, no control characters"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_INPUT, "The filter cannot be saved", errors);
        }
        String user = access.principal(auth).username();
        List<SavedFilterRepository.SavedFilter> mine = filters.of(user, null);
        boolean replaces = mine.stream().anyMatch(f -> f.page().equals(command.page()) && f.name().equals(name));
        if (!replaces && mine.size() >= MAX_PER_USER) {
            throw new ProblemException(ProblemType.CONFLICT, "You have " + MAX_PER_USER + " saved filters: delete one first");
        }
        SavedFilterRepository.Saved saved = filters.save(user, command.page(), name, command.query(),
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        return HttpResponse.status(saved.created() ? HttpStatus.CREATED : HttpStatus.OK).body(saved.filter());
    }

    @Operation(summary = "Delete one of the caller's saved filters (204; 404 when the caller has none of that id)")
    @Delete("/{id}")
    HttpResponse<Void> delete(Authentication auth, @PathVariable long id) {
        if (!filters.delete(access.principal(auth).username(), id)) {
            throw ProblemException.notFound("No saved filter " + id);
        }
        return HttpResponse.noContent();
    }
}
