package com.waybillguard.waybill.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A database that is away is 503 {@code service-unavailable} (docs/api.md), as system-tests' FaultsIT finds when it
 * stops PostgreSQL under reads; any other unexpected failure stays 500 {@code internal-error}.
 */
class ProblemExceptionMapperTest {

    private final ProblemExceptionMapper mapper = new ProblemExceptionMapper(new ObjectMapper());

    @Test
    void aRefusedOrLostDatabaseConnectionIsServiceUnavailable() {
        assertProblem(503, "service-unavailable", new CompletionException(new ConnectException("Connection refused")));
        assertProblem(503, "service-unavailable", ClosedConnectionException.INSTANCE);
        assertProblem(503, "service-unavailable", new RuntimeException(
                new PgException("terminating connection due to administrator command", "FATAL", "57P01", null)));
        assertProblem(503, "service-unavailable",
                new PgException("the database system is starting up", "FATAL", "57P03", null));
        assertProblem(503, "service-unavailable",
                new PgException("connection failure", "FATAL", "08006", null));
    }

    @Test
    void anyOtherFailureIsAnInternalError() {
        assertProblem(500, "internal-error", new IllegalStateException("a bug"));
        assertProblem(500, "internal-error",
                new PgException("duplicate key value violates unique constraint", "ERROR", "23505", null));
    }

    @Test
    void theLogNamesEveryCauseButNoMessage() {
        String logged = ProblemExceptionMapper.causes(
                new RuntimeException("secret 13812345678", new IllegalStateException("张三丰")));
        assertEquals("java.lang.RuntimeException <- java.lang.IllegalStateException", logged);
    }

    private void assertProblem(int status, String type, Throwable failure) {
        Response response = mapper.unexpected(failure);
        assertEquals(status, response.getStatus(), failure.toString());
        assertEquals("application/problem+json", String.valueOf(response.getMediaType()));
        String body = String.valueOf(response.getEntity());
        assertTrue(body.contains("/" + type + "\""), body);
    }
}
