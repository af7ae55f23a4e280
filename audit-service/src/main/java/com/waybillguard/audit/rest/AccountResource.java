package com.waybillguard.audit.rest;

import com.waybillguard.audit.config.AuditConfig;
import com.waybillguard.audit.rest.dto.SuspensionRequest;
import com.waybillguard.audit.rest.dto.SuspensionView;
import com.waybillguard.audit.service.AccountService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;

/** Suspension and reinstatement of accounts (role {@code auditor}). */
@Path("/api/v1/accounts/{sub}")
@RolesAllowed("auditor")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    private static final int MAX_SUB = 255;

    private final AccountService accounts;
    private final JsonWebToken token;
    private final AuditConfig config;

    public AccountResource(AccountService accounts, JsonWebToken token, AuditConfig config) {
        this.accounts = accounts;
        this.token = token;
        this.config = config;
    }

    @POST
    @Path("/suspend")
    @Operation(summary = "Suspend an account at once everywhere; records ACCOUNT_SUSPENDED")
    public Uni<SuspensionView> suspend(@RestPath String sub, SuspensionRequest body) {
        return accounts.suspend(validSub(sub), reason(body), auditor());
    }

    @POST
    @Path("/reinstate")
    @Operation(summary = "Lift a suspension; records ACCOUNT_REINSTATED")
    public Uni<SuspensionView> reinstate(@RestPath String sub, SuspensionRequest body) {
        return accounts.reinstate(validSub(sub), reason(body), auditor());
    }

    private AccountService.Auditor auditor() {
        return new AccountService.Auditor(token.getSubject(), token.getClaim("preferred_username"));
    }

    private static String validSub(String sub) {
        if (sub == null || sub.isBlank() || sub.length() > MAX_SUB || sub.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.badRequest("The account id is not valid.");
        }
        return sub;
    }

    private String reason(SuspensionRequest body) {
        if (body == null || body.reason() == null || body.reason().isBlank()) {
            return null;
        }
        String reason = body.reason().strip();
        if (reason.length() > config.accounts().maxReasonLength() || reason.indexOf('\u0000') >= 0) {
            throw ProblemException.badRequest("Field 'reason' must be at most " + config.accounts().maxReasonLength() + " characters.");
        }
        return reason;
    }
}
