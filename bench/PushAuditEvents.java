import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * Writes a history of synthetic audit events as Redis commands (RESP) to standard output, for
 * {@code redis-cli --pipe}: how bench.sh loads a million events into the audit stream in seconds. Every entry is
 * signed as its producer signs it (docs/internals.md, "Signed entries"), with the local stack's stream keys, so
 * that audit-service ingests it like any other: the GRANT_ISSUED events with the gateway's key, the WAYBILL_READ
 * events with waybill-service's. Nothing personal: 500 synthetic clerks ({@code hist-…}), the bulk waybills.
 *
 * <p>Usage: {@code java bench/PushAuditEvents.java <stream> <run id, 8 hex digits> <count> <newest event, epoch s>}
 * with the keys in the environment: {@code BENCH_GATEWAY_STREAM_KEY}, {@code BENCH_WAYBILL_STREAM_KEY} (base64).
 * Events are spread over the 7 days before the newest, so the streaming rules' windows of live accounts never
 * see them; event k is always the same event for the same run id.
 */
public final class PushAuditEvents {

    private static final String[] OUTLETS = {"HD-YN", "HD-JZ", "HD-WA", "HD-CT", "HD-FF", "XT-LY", "XT-SH", "XT-XD",
        "BD-JX", "BJ-CY", "BJ-HD", "TJ-HP", "SH-PD", "GZ-TH", "SZ-NS", "HZ-XH", "NJ-GL", "ZZ-JS", "AY-WF", "JN-LX"};
    private static final String MASKED = "{\"sender.name\":\"MASKED\",\"sender.phone\":\"MASKED\",\"sender.address.province\":\"FULL\","
            + "\"sender.address.city\":\"FULL\",\"sender.address.district\":\"FULL\",\"sender.address.detail\":\"HIDDEN\","
            + "\"receiver.name\":\"MASKED\",\"receiver.phone\":\"MASKED\",\"receiver.address.province\":\"FULL\","
            + "\"receiver.address.city\":\"FULL\",\"receiver.address.district\":\"FULL\",\"receiver.address.detail\":\"HIDDEN\"}";
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final int WEEK = 7 * 86_400;

    private record Key(Mac mac, String id) {
        static Key of(String variable) throws GeneralSecurityException {
            String value = System.getenv(variable);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(variable + " is not set");
            }
            byte[] secret = Base64.getDecoder().decode(value.trim());
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String id = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(secret)).substring(0, 16);
            return new Key(mac, id);
        }

        String sign(String event) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(event.getBytes(StandardCharsets.UTF_8)));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: PushAuditEvents <stream> <run id> <count> <newest epoch seconds>");
            System.exit(2);
        }
        String stream = args[0];
        String run = args[1];
        long count = Long.parseLong(args[2]);
        long newest = Long.parseLong(args[3]);
        Key gateway = Key.of("BENCH_GATEWAY_STREAM_KEY");
        Key waybill = Key.of("BENCH_WAYBILL_STREAM_KEY");
        try (OutputStream out = new BufferedOutputStream(System.out, 1 << 16)) {
            for (long k = 0; k < count; k++) {
                String event = event(run, k, newest);
                Key key = k % 2 == 0 ? gateway : waybill;
                command(out, "XADD", stream, "*", "event", event, "kid", key.id(), "sig", key.sign(event));
            }
        }
    }

    /** Event k of a run, as the gateway (even k: GRANT_ISSUED) or waybill-service (odd k: WAYBILL_READ) writes it. */
    static String event(String run, long k, long newest) {
        long t = newest - (k * 7919) % WEEK;
        long batch = k / 10_000;
        long i = k % 10_000;
        int clerk = (int) (k % 500);
        String outlet = OUTLETS[clerk % OUTLETS.length];
        String no = String.format("YT9%012d", 1 + (k * 104_729) % 1_000_000);
        String actor = String.format("{\"sub\":\"hist-%08d\",\"username\":\"hist.clerk.%03d\",\"role\":\"clerk\",\"outletId\":\"%s\","
                + "\"courierId\":null}", clerk, clerk, outlet);
        String id = String.format("%s-%04x-4%03x-8%03x-%012x", run, batch % 65_536, i % 4096, k % 4096, k);
        String grant = String.format("%s-0000-4000-9000-%012x", run, k);
        String common = String.format("\"occurredAt\":\"%s.%03dZ\",\"actor\":%s,\"deviceId\":\"hist-dev-%03d\","
                        + "\"clientIp\":\"10.%d.%d.%d\",\"waybillNo\":\"%s\",\"purpose\":\"COUNTER_INQUIRY\",\"grantId\":\"%s\","
                        + "\"traceId\":\"%016x\"", SECONDS.format(Instant.ofEpochSecond(t)), (k * 13) % 1000, actor, clerk,
                clerk % 250, k % 200, 1 + k % 250, no, grant, k);
        return k % 2 == 0
                ? "{\"eventId\":\"" + id + "\",\"source\":\"access-gateway\",\"action\":\"GRANT_ISSUED\"," + common
                        + ",\"decision\":\"ALLOW\",\"reason\":null}"
                : "{\"eventId\":\"" + id + "\",\"source\":\"waybill-service\",\"action\":\"WAYBILL_READ\"," + common
                        + ",\"view\":\"COUNTER_INQUIRY\",\"disclosure\":" + MASKED + ",\"decision\":\"ALLOW\",\"reason\":null}";
    }

    /** One command in the Redis protocol: an array of bulk strings. */
    private static void command(OutputStream out, String... parts) throws IOException {
        out.write(("*" + parts.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            out.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }
}
