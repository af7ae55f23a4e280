package com.waybillguard.gateway.service;

import com.waybillguard.gateway.config.GatewayConfig;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Key pairs and PEM texts as operators produce them with openssl, and grant configurations holding them. */
final class TestKeys {

    private TestKeys() {
    }

    static KeyPair ecPair(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    static KeyPair newPair() throws Exception {
        return ecPair("secp256r1");
    }

    static String block(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    static String privatePem(KeyPair pair) {
        return block("PRIVATE KEY", pair.getPrivate().getEncoded());
    }

    static String publicPem(KeyPair pair) {
        return block("PUBLIC KEY", pair.getPublic().getEncoded());
    }

    /** What {@code openssl genpkey ... -out k.pem && openssl pkey -in k.pem -pubout >> k.pem} writes. */
    static String bundle(KeyPair pair) {
        return privatePem(pair) + publicPem(pair);
    }

    /** The base64 body of the private key, as it would appear in a PEM, to check that no message quotes it. */
    static String privateMaterial(KeyPair pair) {
        return Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()).substring(0, 40);
    }

    /** Grant configuration with only the key properties set. */
    static GatewayConfig.Grant grantConfig(String signingKey, String signingKeyLocation, List<String> previous,
                                           String previousLocation) {
        return new GatewayConfig.Grant() {
            public String issuer() {
                return "waybill-guard-gateway";
            }

            public String audience() {
                return "waybill-service";
            }

            public Duration ttl() {
                return Duration.ofSeconds(60);
            }

            public Optional<String> signingKey() {
                return Optional.ofNullable(signingKey);
            }

            public Optional<String> signingKeyLocation() {
                return Optional.ofNullable(signingKeyLocation);
            }

            public Optional<List<String>> previousKeys() {
                return Optional.ofNullable(previous);
            }

            public Optional<String> previousKeysLocation() {
                return Optional.ofNullable(previousLocation);
            }

            public int jwksMaxAgeSeconds() {
                return 60;
            }
        };
    }

    static GatewayConfig.Grant signingKey(String pem) {
        return grantConfig(pem, null, null, null);
    }
}
