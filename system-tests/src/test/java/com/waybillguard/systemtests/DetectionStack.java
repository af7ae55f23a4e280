package com.waybillguard.systemtests;

import com.waybillguard.stack.LocalStack;
import com.waybillguard.stack.StackConfig;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A second stack whose detection rules run at their defaults (enforce where the defaults enforce), for the
 * insider scenarios. It has its own PostgreSQL, Redis and services, so the functional tests' traffic on the
 * demo accounts never counts here, and it shares the first stack's Keycloak (the same demo accounts and
 * tokens), as a second deployment against one identity provider would.
 *
 * <p>Business hours: every outlet is open around the clock except XT-SH, which is never open, so that the
 * off-hours scenario (clerk.shahe) and the normal working days do not depend on when the tests run.
 */
public final class DetectionStack implements BeforeAllCallback {

    /** The outlet whose business hours never include the present. */
    static final String CLOSED_OUTLET = "XT-SH";

    private static LocalStack stack;

    @Override
    public void beforeAll(ExtensionContext context) {
        new RunningStack().beforeAll(context);
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(DetectionStack.class,
                        k -> (ExtensionContext.Store.CloseableResource) DetectionStack::stop);
        start();
    }

    private static synchronized void start() {
        if (stack != null) {
            return;
        }
        StackConfig shared = RunningStack.config();
        Path dataDir = shared.repoRoot().resolve("system-tests/target/detection-stack");
        RunningStack.deleteRecursively(dataDir);
        Map<String, String> env = new HashMap<>();
        env.put("WG_DATA_DIR", dataDir.toString());
        RunningStack.putFreePorts(env);
        env.put("WG_OIDC_URL", shared.oidcUrl());
        env.put("WG_SEED_DEMO", "true");
        env.put("WG_SEED_WAYBILLS", "2000");
        env.put("WG_DETECTION_OFF_HOURS_BUSINESS_HOURS", "00:00-24:00");
        env.put("WG_DETECTION_OFF_HOURS_OUTLET_HOURS", CLOSED_OUTLET + "=00:00-00:00");
        stack = LocalStack.start(StackConfig.fromEnvironment(env, shared.repoRoot()));
    }

    private static synchronized void stop() {
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }

    static LocalStack stack() {
        return stack;
    }

    /** Requests to this stack's gateway. */
    static RequestSpecification gateway() {
        return new RequestSpecBuilder().setBaseUri("http://127.0.0.1").setPort(stack.config().gatewayPort()).build();
    }
}
