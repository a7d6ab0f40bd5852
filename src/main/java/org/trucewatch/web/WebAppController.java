package org.trucewatch.web;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;

/** The service's root sends a browser to the web app, whose files are static under /app/. */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
class WebAppController {

    @Get
    HttpResponse<?> root() {
        return HttpResponse.seeOther(URI.create("/app/"));
    }
}
