package com.waybillguard.waybill.support;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Plays the gateway's JWKS endpoint: a tiny HTTP server publishing one ES256 test key. */
public class JwksTestServer implements QuarkusTestResourceLifecycleManager {

    public static final String KID = "test-grant-key-1";
    /**
     * The test resource and the test classes live in different class loaders, so the key is shared
     * through a system property rather than a static field.
     */
    private static final String KEY_PROPERTY = "waybill-guard-test.grant-signing-jwk";
    private HttpServer server;

    public static synchronized EllipticCurveJsonWebKey key() {
        try {
            String json = System.getProperty(KEY_PROPERTY);
            if (json != null) {
                return (EllipticCurveJsonWebKey) JsonWebKey.Factory.newJwk(json);
            }
            EllipticCurveJsonWebKey jwk = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            jwk.setKeyId(KID);
            jwk.setAlgorithm("ES256");
            jwk.setUse("sig");
            System.setProperty(KEY_PROPERTY, jwk.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
            return jwk;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] body = new JsonWebKeySet(key()).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)
                .getBytes(StandardCharsets.UTF_8);
        server.createContext("/.well-known/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return Map.of("wg.grant.jwks-url",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
