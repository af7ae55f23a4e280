package com.waybillguard.waybill.client;

import com.waybillguard.waybill.config.WaybillServiceConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/** Fetches the gateway's JWK Set without blocking, with a bounded timeout. */
@ApplicationScoped
public class GatewayJwksClient implements JwksSource {

    private static final int HTTP_OK = 200;

    private final WebClient client;
    private final String url;
    private final Duration timeout;

    GatewayJwksClient(Vertx vertx, WaybillServiceConfig config) {
        this.url = config.grant().jwksUrl();
        this.timeout = config.grant().jwksTimeout();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                .setFollowRedirects(false));
    }

    /** The JWK Set document as text; fails on a non-200 answer or after the timeout. */
    @Override
    public Uni<String> fetch() {
        return client.getAbs(url)
                .timeout(timeout.toMillis())
                .send()
                .ifNoItem().after(timeout).fail()
                .map(response -> {
                    if (response.statusCode() != HTTP_OK) {
                        throw new IllegalStateException("JWKS answered HTTP " + response.statusCode());
                    }
                    return response.bodyAsString();
                });
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
