package com.waybillguard.audit.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.audit.domain.ProblemException;
import com.waybillguard.audit.domain.ProblemType;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one exception mapper of audit-service: every error becomes {@code application/problem+json}
 * with a stable {@code type} URI. No stack trace, class name, SQL or personal data is ever echoed.
 */
public class ProblemExceptionMapper {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMapper.class);

    private final ObjectMapper mapper;

    public ProblemExceptionMapper(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.type(), e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(ProblemType.FORBIDDEN, "This operation needs the auditor role.", uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        return switch (status) {
            case 400 -> respond(ProblemType.INVALID_REQUEST, "The request could not be read.", uri);
            case 401 -> unauthorized(uri);
            case 403 -> respond(ProblemType.FORBIDDEN, "This operation is not allowed.", uri);
            case 404 -> respond(ProblemType.NOT_FOUND, "No such resource.", uri);
            case 405 -> respond(ProblemType.METHOD_NOT_ALLOWED, "This method is not supported here.", uri);
            case 406 -> respond(ProblemType.NOT_ACCEPTABLE, "The requested media type is not available.", uri);
            case 415 -> respond(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send application/json.", uri);
            default -> status >= 500 ? internal(e, uri) : respond(status, ProblemType.INVALID_REQUEST, "The request could not be served.", uri);
        };
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (e instanceof OIDCException) {
            LOG.warnf("the OIDC provider is unreachable answering %s", uri == null ? "a request" : uri.getPath());
            return respond(ProblemType.SERVICE_UNAVAILABLE, "The identity provider is unavailable; try again.", uri);
        }
        if (isConnectionFailure(e)) {
            LOG.warnf("a backing store is unreachable answering %s (%s)", uri == null ? "a request" : uri.getPath(),
                    e.getClass().getSimpleName());
            return respond(ProblemType.SERVICE_UNAVAILABLE, "The audit store is unavailable; try again.", uri);
        }
        return internal(e, uri);
    }

    /** Whether the failure is a lost or refused connection to PostgreSQL or Redis. */
    private static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.nio.channels.ClosedChannelException
                    || t instanceof io.vertx.core.VertxException && String.valueOf(t.getMessage()).contains("closed")) {
                return true;
            }
        }
        return false;
    }

    private Response internal(Throwable e, UriInfo uri) {
        LOG.error("unexpected error answering " + (uri == null ? "a request" : uri.getPath()), e);
        return respond(ProblemType.INTERNAL_ERROR, "The request could not be completed.", uri);
    }

    private Response unauthorized(UriInfo uri) {
        return Response.fromResponse(respond(ProblemType.UNAUTHORIZED, "A valid bearer access token is required.", uri))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    private Response respond(ProblemType type, String detail, UriInfo uri) {
        return respond(type.status(), type, detail, uri);
    }

    private Response respond(int status, ProblemType type, String detail, UriInfo uri) {
        Problem problem = new Problem(type.uri(), type.title(), status, detail, uri == null ? null : uri.getPath());
        String body;
        try {
            body = mapper.writeValueAsString(problem);
        } catch (JsonProcessingException ex) {
            body = "{\"type\":\"" + ProblemType.INTERNAL_ERROR.uri() + "\",\"title\":\"" + ProblemType.INTERNAL_ERROR.title()
                    + "\",\"status\":" + ProblemType.INTERNAL_ERROR.status() + "}";
        }
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
    }
}
