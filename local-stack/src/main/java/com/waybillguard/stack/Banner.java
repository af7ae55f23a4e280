package com.waybillguard.stack;

import java.time.Duration;

/** What {@code ./run.sh} prints once everything is up: where things are, who can log in, a curl tour. */
final class Banner {

    /** A seeded demo waybill from HD-YN to HD-JZ, in transit (see waybill-service/README.md). */
    static final String DEMO_WAYBILL = "YT0000000001";

    private Banner() {
    }

    static String text(LocalStack stack, Duration startup) {
        StackConfig c = stack.config();
        String redis = stack.redisOperatorPasswordFile()
                .map(f -> "  Redis (operator)         REDISCLI_AUTH=$(cat " + f + ") redis-cli -p " + c.redisPort()
                        + " --user " + RedisUsers.OPERATOR + "\n")
                .orElse("");
        String kcAdmin = stack.keycloakAdminPassword()
                .map(p -> "  Keycloak admin console  " + c.keycloakUrl() + "/admin/  (admin / " + p + ", generated for this run)\n")
                .orElse("");
        return """

                ──────────────────────────────────────────────────────────────────────────
                 waybill-guard local stack
                ──────────────────────────────────────────────────────────────────────────
                  consoles (browser)       %s/   clerk: clerk.jize, auditor: auditor.zhou (password demo)
                  access-gateway (public)  %s   health, metrics, OpenAPI: %s/q/
                  waybill-service          %s   health, metrics, OpenAPI: %s/q/
                  audit-service            %s   health, metrics, OpenAPI: %s/q/
                  OIDC realm               %s
                %s%s  logs                     %s

                 Demo accounts (password: demo)
                  clerk.yongnian  clerk    outlet HD-YN      courier.wu    courier  C-1001 @ HD-YN
                  clerk.jize      clerk    outlet HD-JZ      courier.zhao  courier  C-1002 @ HD-JZ
                  clerk.shahe     clerk    outlet XT-SH      cs.li         cs_agent
                  auditor.zhou    auditor                    auditor.qian  auditor
                  admin           admin

                 Tour (bash):
                  GW=%s; KC=%s
                  token() { curl -s -d grant_type=password -d client_id=wg-cli -d "username=$1" -d password=demo \\
                      "$KC/protocol/openid-connect/token" | sed -E 's/.*"access_token":"([^"]+)".*/\\1/'; }
                  CLERK=$(token clerk.jize)
                  GRANT=$(curl -s -X POST "$GW/api/v1/grants" -H "Authorization: Bearer $CLERK" \\
                      -H 'X-Device-Id: counter-jz-01' -H 'Content-Type: application/json' \\
                      -d '{"waybillNo":"%s","purpose":"COUNTER_INQUIRY"}' | sed -E 's/.*"grant":"([^"]+)".*/\\1/')
                  curl -s "$GW/api/v1/waybills/%s" -H "Authorization: Bearer $CLERK" \\
                      -H "X-Access-Grant: $GRANT" -H 'X-Device-Id: counter-jz-01'
                  curl -s "$GW/api/v1/audit/events?actor=clerk.jize" -H "Authorization: Bearer $(token auditor.zhou)"

                 Started in %.1f s. Ctrl-C stops everything.
                waybill-guard ready
                """.formatted(c.gatewayUrl(), c.gatewayUrl(), c.managementUrl(c.gatewayManagementPort()),
                c.waybillUrl(), c.managementUrl(c.waybillManagementPort()),
                c.auditUrl(), c.managementUrl(c.auditManagementPort()), c.oidcUrl(), redis, kcAdmin,
                c.dataDir().resolve("logs"), c.gatewayUrl(), c.oidcUrl(), DEMO_WAYBILL, DEMO_WAYBILL,
                startup.toMillis() / 1000.0);
    }
}
