package org.trucewatch.forms;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.util.HttpHostResolver;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.trucewatch.access.AccessService;
import org.trucewatch.access.Principal;
import org.trucewatch.problem.ProblemException;

/**
 * The OpenRosa Form List API (https://docs.getodk.org/openrosa-form-list/) and the form
 * download: each user is offered the report forms of the mechanisms they report for.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
@Tag(name = "Mobile forms (OpenRosa)")
class FormListController {
    private final FormCatalogue catalogue;
    private final AccessService access;
    private final HttpHostResolver hosts;

    FormListController(FormCatalogue catalogue, AccessService access, HttpHostResolver hosts) {
        this.catalogue = catalogue;
        this.access = access;
        this.hosts = hosts;
    }

    @Operation(summary = "OpenRosa form list", description = "The report forms this user may fill, as an OpenRosa 1.0 xforms list.")
    @Get("/formList")
    @Produces(OpenRosa.XML)
    HttpResponse<String> formList(HttpRequest<?> request, Authentication authentication,
                                  @Nullable @QueryValue("formID") String formId) {
        Principal user = access.principal(authentication);
        List<FormCatalogue.Form> forms = catalogue.formsFor(user).stream()
                .filter(f -> formId == null || formId.equals(f.formId())).toList();
        return HttpResponse.ok(OpenRosa.formList(forms, hosts.resolve(request))).contentType(OpenRosa.XML)
                .header(OpenRosa.VERSION_HEADER, OpenRosa.VERSION);
    }

    @Operation(summary = "One XForm", description = "The report form of a mechanism, ODK XForms 1.0.")
    @Get("/forms/{file}")
    @Produces(OpenRosa.XML)
    HttpResponse<String> form(Authentication authentication, @PathVariable String file) {
        Principal user = access.principal(authentication);
        String formId = file.endsWith(".xml") ? file.substring(0, file.length() - 4) : file;
        return catalogue.form(user, formId)
                .<HttpResponse<String>>map(f -> HttpResponse.ok(f.xml()).contentType(OpenRosa.XML)
                        .header(OpenRosa.VERSION_HEADER, OpenRosa.VERSION))
                .orElseThrow(() -> ProblemException.notFound("No form " + formId + " for this user"));
    }
}
