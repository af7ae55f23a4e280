-- Bulk load of synthetic waybills into the waybill database, as an operator would load a backfill.
-- psql variables: rows (how many), outlets (the JSON of waybill-service's outlets-v1.json).
-- Rows are numbered YT9000000000001 … (15 characters), apart from the demo seed (YT + 10 digits).
-- Deterministic: row g always gets the same outlets, parties, couriers and status, so reruns and
-- other machines see the same data. Every value is synthetic.
\set ON_ERROR_STOP on

CREATE TEMP TABLE bench_outlet AS
SELECT (ordinality - 1)::int AS k, e ->> 'id' AS id, e ->> 'province' AS province,
       e ->> 'city' AS city, e ->> 'district' AS district
FROM jsonb_array_elements((:'outlets')::jsonb -> 'outlets') WITH ORDINALITY AS t(e, ordinality);
SELECT count(*) AS n_outlets FROM bench_outlet \gset

INSERT INTO waybill (waybill_no, status, origin_outlet_id, destination_outlet_id, weight_grams, item_category,
                     pickup_courier_id, delivery_courier_id,
                     sender_name, sender_phone, sender_province, sender_city, sender_district, sender_detail,
                     receiver_name, receiver_phone, receiver_province, receiver_city, receiver_district,
                     receiver_detail, canary, created_at, updated_at)
SELECT 'YT9' || lpad(g::text, 12, '0'),
       -- 20 % CREATED, 20 % OUT_FOR_DELIVERY, the rest along the parcel's life
       (ARRAY['CREATED', 'CREATED', 'PICKED_UP', 'IN_TRANSIT', 'IN_TRANSIT', 'OUT_FOR_DELIVERY',
              'OUT_FOR_DELIVERY', 'DELIVERED', 'DELIVERED', 'RETURNED'])[1 + (g / 7) % 10],
       so.id, ro.id,
       100 + (g * 37) % 20000,
       (ARRAY['DOCUMENTS', 'CLOTHING', 'ELECTRONICS', 'FOOD', 'BOOKS', 'COSMETICS', 'HOUSEHOLD', 'TOYS',
              'MEDICINE', 'AUTO_PARTS'])[1 + (g * 3) % 10],
       -- 400 couriers C-1100 … C-1499
       'C-' || (1100 + (g * 13) % 400), 'C-' || (1100 + (g * 17 + 5) % 400),
       (ARRAY['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭',
              '何', '高', '林', '罗', '欧阳', '司马'])[1 + (g * 31) % 22]
           || (ARRAY['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰',
                     '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '建华'])[1 + (g * 7) % 24],
       '1' || (ARRAY['3', '5', '7', '8', '9'])[1 + g % 5] || lpad(((g::bigint * 7919) % 1000000000)::text, 9, '0'),
       so.province, so.city, so.district,
       (ARRAY['建设路', '人民路', '中山路', '解放街', '和平路', '新华街', '朝阳路', '光明街', '胜利路',
              '文化路', '复兴路', '幸福街'])[1 + (g * 11) % 12]
           || (1 + g % 300) || '号' || (1 + g % 20) || '栋' || (1 + g % 6) || '0' || (1 + g % 4) || '室',
       (ARRAY['郑', '谢', '韩', '唐', '冯', '于', '董', '萧', '程', '曹', '袁', '邓', '许', '傅', '沈', '曾',
              '彭', '吕', '苏', '卢'])[1 + (g * 29) % 20]
           || (ARRAY['志强', '秀珍', '玉兰', '海燕', '国庆', '雪', '婷', '浩', '宇', '欣', '晨', '子涵', '一',
                     '思远', '佳怡', '梓轩'])[1 + (g * 5) % 16],
       '1' || (ARRAY['3', '5', '8', '9'])[1 + (g / 3) % 4] || lpad(((g::bigint * 104729) % 1000000000)::text, 9, '0'),
       ro.province, ro.city, ro.district,
       (ARRAY['育才路', '长江路', '黄河街', '东风路', '西环路', '北大街', '南关街', '公园路'])[1 + (g * 3) % 8]
           || (1 + (g * 7) % 500) || '号' || (1 + g % 30) || '单元' || (1 + g % 9) || '0' || (1 + g % 3),
       false,
       now() - ((86400 + g % 2592000) || ' seconds')::interval,
       now() - ((g % 86400) || ' seconds')::interval
FROM generate_series(1, :rows) AS g
JOIN bench_outlet so ON so.k = g % :n_outlets
JOIN bench_outlet ro ON ro.k = (g / :n_outlets * 7 + g + 5) % :n_outlets
ON CONFLICT (waybill_no) DO NOTHING;

ANALYZE waybill;
