package com.waybillguard.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.waybillguard.gateway.domain.ProblemException;
import com.waybillguard.gateway.domain.ProblemType;
import com.waybillguard.gateway.domain.RetryAfter;
import com.waybillguard.gateway.service.AccessPolicy;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one exception mapper of the gateway: every error leaves as {@code application/problem+json}
 * (RFC 9457) with a stable type URI, never a stack trace, class name or personal data.
 */
public class ProblemExceptionMapper {

    /** Media type of every error body. */
    public static final String PROBLEM_JSON = "application/problem+json";

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMapper.class);

    private final CurrentIdentityAssociation identities;

    public ProblemExceptionMapper(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response.ResponseBuilder builder = builder(e.type(), e.detail(), uri, null);
        e.headers().forEach(builder::header);
        return builder.build();
    }

    @ServerExceptionMapper
    public Response violations(ResteasyReactiveViolationException e, UriInfo uri) {
        return constraintViolations(e, uri);
    }

    @ServerExceptionMapper
    public Response constraintViolations(ConstraintViolationException e, UriInfo uri) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field))
                .toList();
        String detail = violations.isEmpty() ? "The request is invalid."
                : "Invalid: " + String.join(", ", violations.stream().map(Problem.Violation::field).distinct().toList()) + ".";
        return builder(ProblemType.INVALID_REQUEST, detail, uri, violations).build();
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return malformed(uri);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        return malformed(uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    /** A role the route needs and the account lacks; or roles it holds together that no account may (role-conflict). */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        Set<String> conflicting = RoleConflictAugmentor.conflictingRoles(identities.getIdentity());
        if (!conflicting.isEmpty()) {
            return problem(AccessPolicy.roleConflict(conflicting), uri);
        }
        return builder(ProblemType.FORBIDDEN, "The account's roles do not allow this operation.", uri, null).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (status == 400 && cause instanceof JsonProcessingException) {
                return malformed(uri);
            }
        }
        ProblemType type = ProblemType.forStatus(status);
        if (status >= 500) {
            LOG.errorf("request to %s failed with status %d", uri.getPath(), status);
        }
        Response.ResponseBuilder builder = Response.status(status)
                .type(PROBLEM_JSON)
                .entity(new Problem(type.uri(), type.title(), status, genericDetail(status), uri.getPath(), null));
        return builder.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof OIDCException) {
                LOG.warnf("identity provider unavailable while serving %s", uri.getPath());
                return builder(ProblemType.SERVICE_UNAVAILABLE,
                        "The identity provider is unavailable; try again shortly.", uri, null)
                        .header(RetryAfter.HEADER, RetryAfter.AFTER_FAILED_CALL_SECONDS).build();
            }
        }
        LOG.errorf(e, "unexpected failure on %s", uri.getPath());
        return builder(ProblemType.INTERNAL_ERROR, "The request could not be completed.", uri, null).build();
    }

    private Response malformed(UriInfo uri) {
        return builder(ProblemType.INVALID_REQUEST, "The request body is not the JSON this endpoint expects.", uri, null)
                .build();
    }

    private Response unauthenticated(UriInfo uri) {
        return builder(ProblemType.UNAUTHORIZED, "A valid bearer access token is required.", uri, null)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    static Response.ResponseBuilder builder(ProblemType type, String detail, UriInfo uri,
                                            List<Problem.Violation> violations) {
        return Response.status(type.status())
                .type(PROBLEM_JSON)
                .entity(new Problem(type.uri(), type.title(), type.status(), detail,
                        uri == null ? null : uri.getPath(), violations));
    }

    private static String field(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        int dot = path.lastIndexOf('.');
        String leaf = dot < 0 ? path : path.substring(dot + 1);
        return FIELD_NAMES.getOrDefault(leaf, leaf);
    }

    private static final Map<String, String> FIELD_NAMES = Map.of(
            "deviceId", "X-Device-Id",
            "body", "body",
            "arg0", "body");

    private static String genericDetail(int status) {
        return switch (status) {
            case 404 -> "No such resource.";
            case 405 -> "This method is not supported on this resource.";
            case 406 -> "The requested media type cannot be produced.";
            case 415 -> "The request media type is not supported.";
            default -> status >= 500 ? "The request could not be completed." : "The request is invalid.";
        };
    }
}
