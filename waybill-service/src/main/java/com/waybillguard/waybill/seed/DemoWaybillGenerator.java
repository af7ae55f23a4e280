package com.waybillguard.waybill.seed;

import com.waybillguard.waybill.domain.WaybillStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Deterministic synthetic demo waybills: the same seed always yields the same data. The first ten
 * numbers ({@code YT0000000001}..{@code YT0000000010}) are fixed demo cases (see the README); the
 * first {@value #SEQUENTIAL} numbers are consecutive, the rest look random. The generator marks no
 * waybill as a canary: the seeder picks the canaries itself, at random and unpublished
 * ({@link DemoCanaries}).
 */
public final class DemoWaybillGenerator {

    static final int SEQUENTIAL = 200;
    static final String PREFIX = "YT";
    public static final String COURIER_WU = "C-1001";
    public static final String COURIER_ZHAO = "C-1002";
    private static final Instant BASE = Instant.parse("2026-11-20T00:00:00Z");

    public static final List<Outlet> OUTLETS = List.of(
            new Outlet("HD-YN", "河北省", "邯郸市", "永年区", "临洺关镇"),
            new Outlet("HD-JZ", "河北省", "邯郸市", "鸡泽县", "鸡泽镇"),
            new Outlet("HD-WA", "河北省", "邯郸市", "武安市", "武安镇"),
            new Outlet("HD-CT", "河北省", "邯郸市", "丛台区", "丛台街道"),
            new Outlet("HD-FF", "河北省", "邯郸市", "峰峰矿区", "临水镇"),
            new Outlet("XT-LY", "河北省", "邢台市", "隆尧县", "隆尧镇"),
            new Outlet("XT-SH", "河北省", "邢台市", "沙河市", "褡裢街道"),
            new Outlet("XT-XD", "河北省", "邢台市", "信都区", "中兴西大街街道"),
            new Outlet("SJZ-CA", "河北省", "石家庄市", "长安区", "建北街道"),
            new Outlet("SJZ-QX", "河北省", "石家庄市", "桥西区", "友谊街道"),
            new Outlet("BD-JX", "河北省", "保定市", "竞秀区", "先锋街道"),
            new Outlet("BJ-CY", "北京市", "北京市", "朝阳区", "望京街道"),
            new Outlet("BJ-HD", "北京市", "北京市", "海淀区", "中关村街道"),
            new Outlet("TJ-HP", "天津市", "天津市", "和平区", "南营门街道"),
            new Outlet("SH-PD", "上海市", "上海市", "浦东新区", "陆家嘴街道"),
            new Outlet("GZ-TH", "广东省", "广州市", "天河区", "石牌街道"),
            new Outlet("SZ-NS", "广东省", "深圳市", "南山区", "粤海街道"),
            new Outlet("HZ-XH", "浙江省", "杭州市", "西湖区", "文新街道"),
            new Outlet("NJ-GL", "江苏省", "南京市", "鼓楼区", "湖南路街道"),
            new Outlet("ZZ-JS", "河南省", "郑州市", "金水区", "经八路街道"),
            new Outlet("AY-WF", "河南省", "安阳市", "文峰区", "东大街街道"),
            new Outlet("JN-LX", "山东省", "济南市", "历下区", "泉城路街道"),
            new Outlet("CD-WH", "四川省", "成都市", "武侯区", "浆洗街街道"),
            new Outlet("WH-WC", "湖北省", "武汉市", "武昌区", "水果湖街道"));

    private static final String[] SURNAMES = ("王 李 张 刘 陈 杨 赵 黄 周 吴 徐 孙 胡 朱 高 林 何 郭 马 罗 梁 宋 郑 谢 韩 唐 冯 于 董 "
            + "程 曹 袁 邓 许 傅 沈 曾 彭 吕 苏 卢 蒋 蔡 贾 丁 魏 薛 叶 余 潘 杜 戴 夏 钟 汪 田 任 姜 范 方 石 姚 谭 廖 "
            + "邹 熊 金 陆 郝 孔 白 崔 康 毛 邱 秦 江 史 顾 侯 邵 孟 龙 万 段 雷 钱 汤 尹 黎 易 常 武 乔 贺 赖 龚 文 欧阳").split(" ");
    private static final String[] GIVEN = ("伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 霞 平 刚 辉 宇 浩 亮 鹏 晨 婷 雪 "
            + "秀英 秀兰 桂英 建华 志强 玉兰 海燕 欣怡 子涵 梓轩 一诺 雨涵 俊杰 思远 佳怡 晓东 国庆 红梅 建国 丽娟 "
            + "文博 雅琪 振华 春生 淑芬 立新 卫东 美玲 浩然 子墨").split(" ");
    private static final String[] PHONE_PREFIXES = ("130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 "
            + "158 159 166 177 180 181 182 183 184 185 186 187 188 189 199").split(" ");
    private static final String[] ROADS = "人民路 建设大街 和平路 中华大街 解放路 胜利街 光明路 新华路 朝阳路 幸福街 永安街 滏阳路 团结路 育才街 文化路 兴华路".split(" ");
    private static final String[] COMMUNITIES = "阳光花园 幸福小区 锦绣家园 书香苑 金色港湾 翠湖小区 和谐家园 世纪城 紫薇苑 丽景湾 盛世华庭 御景园".split(" ");
    private static final String[] CATEGORIES = "DOCUMENTS CLOTHING ELECTRONICS FOOD BOOKS COSMETICS HOUSEHOLD TOYS MEDICINE AUTO_PARTS".split(" ");

    private final Random random;

    public DemoWaybillGenerator(long seed) {
        this.random = new Random(seed);
    }

    public List<DemoWaybill> generate(int count) {
        List<DemoWaybill> result = new ArrayList<>(count);
        Set<String> numbers = new HashSet<>();
        for (int i = 1; i <= count; i++) {
            String no = number(i, numbers);
            numbers.add(no);
            result.add(i <= FixedCase.values().length ? fixed(FixedCase.values()[i - 1], no) : random(no));
        }
        return result;
    }

    /** How many of the first generated waybills are the fixed demo cases. */
    public static int fixedCases() {
        return FixedCase.values().length;
    }

    /** The fixed demo cases, in number order (YT0000000001 first). */
    enum FixedCase {
        IN_TRANSIT_YN_TO_JZ("HD-YN", "HD-JZ", WaybillStatus.IN_TRANSIT, COURIER_WU, COURIER_ZHAO),
        CREATED_AT_YN_PICKUP_WU("HD-YN", "HD-WA", WaybillStatus.CREATED, COURIER_WU, null),
        OUT_FOR_DELIVERY_AT_JZ_ZHAO("HD-WA", "HD-JZ", WaybillStatus.OUT_FOR_DELIVERY, "C-1005", COURIER_ZHAO),
        DELIVERED_LY_TO_SH("XT-LY", "XT-SH", WaybillStatus.DELIVERED, "C-1011", "C-1012"),
        IN_TRANSIT_YN_TO_JZ_AGAIN("HD-YN", "HD-JZ", WaybillStatus.IN_TRANSIT, COURIER_WU, COURIER_ZHAO),
        RETURNED_JZ_TO_YN("HD-JZ", "HD-YN", WaybillStatus.RETURNED, "C-1004", COURIER_WU),
        PICKED_UP_YN_TO_SJZ("HD-YN", "SJZ-CA", WaybillStatus.PICKED_UP, COURIER_WU, null),
        CREATED_AT_JZ("HD-JZ", "HD-YN", WaybillStatus.CREATED, "C-1004", null),
        OUT_FOR_DELIVERY_YN_TO_JZ_ZHAO("HD-YN", "HD-JZ", WaybillStatus.OUT_FOR_DELIVERY, COURIER_WU, COURIER_ZHAO),
        IN_TRANSIT_BJ_TO_GZ("BJ-CY", "GZ-TH", WaybillStatus.IN_TRANSIT, "C-2001", "C-2002");

        final String origin;
        final String destination;
        final WaybillStatus status;
        final String pickup;
        final String delivery;

        FixedCase(String origin, String destination, WaybillStatus status, String pickup, String delivery) {
            this.origin = origin;
            this.destination = destination;
            this.status = status;
            this.pickup = pickup;
            this.delivery = delivery;
        }
    }

    private DemoWaybill fixed(FixedCase c, String no) {
        Outlet origin = outlet(c.origin);
        Outlet destination = outlet(c.destination);
        DemoWaybill.Party sender = party(origin);
        DemoWaybill.Party receiver = party(destination);
        if (c == FixedCase.IN_TRANSIT_YN_TO_JZ) {
            // the example read of docs/api.md, "Field policy and masking", and of the README's demo table
            sender = new DemoWaybill.Party("张三丰", "13812345678", origin.province(), origin.city(),
                    origin.district(), origin.town() + "人民路88号");
            receiver = new DemoWaybill.Party("李雷", "13987654321", destination.province(), destination.city(),
                    destination.district(), destination.town() + "建设大街16号幸福小区3栋2单元501室");
        }
        Instant created = BASE.minus(Duration.ofHours(48L - FixedCase.values().length + c.ordinal()));
        return new DemoWaybill(no, c.status, c.origin, c.destination, 1200, "DOCUMENTS", c.pickup, c.delivery,
                sender, receiver, false, created, created.plus(Duration.ofHours(6)));
    }

    private DemoWaybill random(String no) {
        Outlet origin = pick(OUTLETS);
        Outlet destination = pick(OUTLETS);
        while (destination.equals(origin)) {
            destination = pick(OUTLETS);
        }
        WaybillStatus status = WaybillStatus.values()[random.nextInt(WaybillStatus.values().length)];
        String pickup = status == WaybillStatus.CREATED && random.nextInt(3) == 0 ? null : courierFor(origin, true);
        String delivery = switch (status) {
            case OUT_FOR_DELIVERY, DELIVERED, RETURNED -> courierFor(destination, false);
            case IN_TRANSIT -> random.nextBoolean() ? courierFor(destination, false) : null;
            default -> null;
        };
        int weight = 50 + random.nextInt(30_000);
        String category = CATEGORIES[random.nextInt(CATEGORIES.length)];
        Instant created = BASE.minus(Duration.ofMinutes(random.nextInt(60 * 24 * 30)));
        Instant updated = created.plus(Duration.ofMinutes(random.nextInt(60 * 72)));
        return new DemoWaybill(no, status, origin.id(), destination.id(), weight, category, pickup, delivery,
                party(origin), party(destination), false, created, updated);
    }

    /** C-1001 picks up at HD-YN and C-1002 delivers at HD-JZ most of the time; other outlets have their own. */
    private String courierFor(Outlet outlet, boolean pickup) {
        if (pickup && outlet.id().equals("HD-YN") && random.nextInt(4) != 0) {
            return COURIER_WU;
        }
        if (!pickup && outlet.id().equals("HD-JZ") && random.nextInt(4) != 0) {
            return COURIER_ZHAO;
        }
        return "C-" + (2000 + OUTLETS.indexOf(outlet) * 10 + random.nextInt(5));
    }

    private DemoWaybill.Party party(Outlet outlet) {
        String name = pick(SURNAMES) + pick(GIVEN);
        String phone = pick(PHONE_PREFIXES) + String.format("%08d", random.nextInt(100_000_000));
        String detail = outlet.town() + pick(ROADS) + (1 + random.nextInt(300)) + "号" + pick(COMMUNITIES)
                + (1 + random.nextInt(20)) + "栋" + (1 + random.nextInt(4)) + "单元"
                + (1 + random.nextInt(18)) + "0" + (1 + random.nextInt(4)) + "室";
        return new DemoWaybill.Party(name, phone, outlet.province(), outlet.city(), outlet.district(), detail);
    }

    private String number(int index, Set<String> taken) {
        if (index <= SEQUENTIAL) {
            return PREFIX + String.format("%010d", index);
        }
        String candidate;
        do {
            candidate = PREFIX + (1_000_000_000_000L + (long) (random.nextDouble() * 8_999_999_999_999L));
        } while (taken.contains(candidate));
        return candidate;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    static Outlet outlet(String id) {
        return OUTLETS.stream().filter(o -> o.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown outlet " + id));
    }
}
