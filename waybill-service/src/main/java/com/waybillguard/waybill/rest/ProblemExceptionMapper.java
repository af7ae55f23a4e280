package com.waybillguard.waybill.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.waybill.domain.ProblemException;
import com.waybillguard.waybill.domain.ProblemType;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one exception mapper of the service: every error becomes {@code application/problem+json}
 * with a stable {@code type}, and never carries a stack trace, a class name or personal data.
 */
public class ProblemExceptionMapper {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMapper.class);
    private static final Map<Integer, ProblemType> BY_STATUS = Map.of(
            400, ProblemType.INVALID_REQUEST,
            401, ProblemType.UNAUTHORIZED,
            403, ProblemType.FORBIDDEN,
            404, ProblemType.NOT_FOUND,
            405, ProblemType.METHOD_NOT_ALLOWED,
            406, ProblemType.NOT_ACCEPTABLE,
            415, ProblemType.UNSUPPORTED_MEDIA_TYPE,
            503, ProblemType.SERVICE_UNAVAILABLE);

    private final ObjectMapper mapper;

    ProblemExceptionMapper(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.type(), e.detail());
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<String> issues = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            issues.add(fieldName(v.getPropertyPath()) + " " + v.getMessage());
        }
        String detail = issues.isEmpty() ? "The request is not valid."
                : issues.stream().sorted().collect(Collectors.joining("; "));
        return respond(ProblemType.INVALID_REQUEST, detail);
    }

    @ServerExceptionMapper({JsonProcessingException.class, JsonMappingException.class,
            com.fasterxml.jackson.databind.exc.MismatchedInputException.class,
            com.fasterxml.jackson.databind.exc.InvalidFormatException.class,
            com.fasterxml.jackson.core.JsonParseException.class})
    public Response json(JsonProcessingException e) {
        return respond(ProblemType.INVALID_REQUEST, jsonDetail(e));
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, AuthenticationCompletionException.class,
            UnauthorizedException.class})
    public Response unauthorized(RuntimeException e) {
        return Response.fromResponse(respond(ProblemType.UNAUTHORIZED, "A valid bearer access token is required."))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(ProblemType.FORBIDDEN, "This account's role may not use this endpoint.");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return json(json);
        }
        int status = e.getResponse() != null ? e.getResponse().getStatus() : 500;
        ProblemType type = BY_STATUS.get(status);
        if (type == null) {
            return unexpected(e);
        }
        if (status == 401) {
            return unauthorized(e);
        }
        return respond(type, type.title() + ".");
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (isDatabaseUnreachable(e)) {
            LOG.warnf("the database is unreachable: %s", e.getClass().getName());
            return respond(ProblemType.SERVICE_UNAVAILABLE, "The database is unavailable; try again shortly.");
        }
        // class names only: messages of persistence errors may quote stored values
        LOG.errorf("unexpected failure: %s", causes(e));
        return respond(ProblemType.INTERNAL_ERROR, "The request could not be completed.");
    }

    /** The class names of a failure and its causes, outermost first: what went wrong, without any message. */
    static String causes(Throwable e) {
        List<String> names = new ArrayList<>();
        for (Throwable t = e; t != null && names.size() < 8; t = t.getCause() == t ? null : t.getCause()) {
            names.add(t.getClass().getName());
        }
        return String.join(" <- ", names);
    }

    /**
     * Whether the failure is PostgreSQL refusing or losing the connection (stopped, restarting, shutting down):
     * the service is unavailable (503), not broken (500). SQLSTATE class 08 is a connection exception, 57P01-57P03
     * an administrator's or a crash's shutdown and "cannot connect now" (the server is starting).
     */
    static boolean isDatabaseUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.nio.channels.ClosedChannelException
                    || t instanceof io.vertx.sqlclient.ClosedConnectionException) {
                return true;
            }
            if (t instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || pg.getSqlState().matches("57P0[123]"))) {
                return true;
            }
        }
        return false;
    }

    private Response respond(ProblemType type, String detail) {
        Problem problem = new Problem(type.uri(), type.title(), type.status(), detail, null);
        String body;
        try {
            body = mapper.writeValueAsString(problem);
        } catch (JsonProcessingException impossible) {
            body = "{\"type\":\"" + type.uri() + "\",\"status\":" + type.status() + "}";
        }
        return Response.status(type.status()).type(Problem.MEDIA_TYPE).entity(body).build();
    }

    private static String fieldName(Path path) {
        List<String> names = new ArrayList<>();
        for (Path.Node node : path) {
            if (node.getKind() == jakarta.validation.ElementKind.PROPERTY) {
                names.add(node.getName());
            }
        }
        return names.isEmpty() ? "body" : String.join(".", names);
    }

    private static String jsonDetail(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            if (e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException invalid
                    && invalid.getTargetType() != null && invalid.getTargetType().isEnum()) {
                String allowed = java.util.Arrays.stream(invalid.getTargetType().getEnumConstants())
                        .map(Object::toString).collect(Collectors.joining(", "));
                return "Field '" + field + "' must be one of " + allowed + ".";
            }
            return "Field '" + field + "' has a value of the wrong type.";
        }
        return "The request body is not valid JSON.";
    }
}
