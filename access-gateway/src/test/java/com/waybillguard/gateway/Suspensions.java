package com.waybillguard.gateway;

import io.quarkus.arc.Arc;
import io.quarkus.redis.datasource.RedisDataSource;

/** Sets and lifts the suspension marker of an account as audit-service (or detection) does. */
public final class Suspensions {

    public static final String KEY_PREFIX = "{wg}:account:suspended:";

    private Suspensions() {
    }

    public static void suspend(String sub) {
        redis().value(String.class).set(KEY_PREFIX + sub, "{\"reason\":\"review\",\"by\":\"auditor.test\",\"at\":\"now\"}");
    }

    public static void lift(String sub) {
        redis().key().del(KEY_PREFIX + sub);
    }

    public static String marker(String sub) {
        return redis().value(String.class).get(KEY_PREFIX + sub);
    }

    private static RedisDataSource redis() {
        return Arc.container().instance(RedisDataSource.class).get();
    }
}
