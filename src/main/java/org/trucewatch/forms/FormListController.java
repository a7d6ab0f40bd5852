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
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<xforms xmlns=\"http://openrosa.org/xforms/xformsList\">\n");
        for (FormCatalogue.Form f : catalogue.formsFor(user)) {
            if (formId != null && !formId.equals(f.formId())) {
                continue;
            }
            // No manifestUrl: the forms have no media files of their own (Form List API: only "if the form has media").
            x.append("<xform><formID>").append(Xml.escape(f.formId())).append("</formID><name>")
                    .append(Xml.escape(f.name())).append("</name><version>").append(Xml.escape(f.version()))
                    .append("</version><hash>").append(f.hash()).append("</hash><downloadUrl>")
                    .append(Xml.escape(hosts.resolve(request) + "/forms/" + f.formId() + ".xml"))
                    .append("</downloadUrl></xform>\n");
        }
        return HttpResponse.ok(x.append("</xforms>\n").toString()).contentType(OpenRosa.XML)
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
