package org.trucewatch.operations;

import org.trucewatch.audit.AuditEvent;
import org.trucewatch.audit.AuditLog;
import org.trucewatch.audit.AuditVerifier;
import org.trucewatch.audit.ChainVerification;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.trucewatch.access.AccessService;

/** The audit log for admins: walk the chain, read a target's history. */
@Controller("/api/v1/admin/audit")
@Secured("admin")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Administration")
@SecurityRequirement(name = "bearer")
class AuditController {
    private final AuditVerifier verifier;
    private final AuditLog log;
    private final AccessService access;

    AuditController(AuditVerifier verifier, AuditLog log, AccessService access) {
        this.verifier = verifier;
        this.log = log;
        this.access = access;
    }

    @Operation(summary = "Verify the hash chain; names the first broken link")
    @Get("/verify")
    ChainVerification verify(Authentication authentication) {
        access.requireAdmin(access.principal(authentication));
        return verifier.verify();
    }

    @Operation(summary = "The audit events of one target, e.g. targetType=report&targetId=<id>")
    @Get
    List<AuditEvent> events(Authentication authentication, @QueryValue String targetType, @QueryValue String targetId) {
        access.requireAdmin(access.principal(authentication));
        return log.history(targetType, targetId);
    }
}
