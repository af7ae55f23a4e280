-- Appends ARGV[2] synthetic audit events to the stream KEYS[1] in one call, as the services would
-- (one field "event" = the event's JSON, docs/internals.md). Used by bench.sh to load a history of
-- audit events in bulk: EVAL this script repeatedly with batch numbers 0, 1, 2, …
-- ARGV[1] run id (8 hex digits, makes eventIds unique per load), ARGV[2] events in this call,
-- ARGV[3] batch number, ARGV[4] the time of the newest event (epoch seconds; events are spread
-- over the 7 days before it, so the streaming rules' windows of the live accounts never see them).
-- Redis' Lua has no os.date: UTC calendar from epoch seconds (H. Hinnant's civil_from_days)
local function iso(t)
  local days = math.floor(t / 86400)
  local s = t - days * 86400
  local z = days + 719468
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local mp = math.floor((5 * doy + 2) / 153)
  local d = doy - math.floor((153 * mp + 2) / 5) + 1
  local m = mp < 10 and mp + 3 or mp - 9
  local y = yoe + era * 400 + (m <= 2 and 1 or 0)
  return string.format('%04d-%02d-%02dT%02d:%02d:%02d', y, m, d, math.floor(s / 3600), math.floor(s % 3600 / 60), s % 60)
end

local run, n, batch, newest = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local outlets = {'HD-YN', 'HD-JZ', 'HD-WA', 'HD-CT', 'HD-FF', 'XT-LY', 'XT-SH', 'XT-XD', 'BD-JX', 'BJ-CY',
                 'BJ-HD', 'TJ-HP', 'SH-PD', 'GZ-TH', 'SZ-NS', 'HZ-XH', 'NJ-GL', 'ZZ-JS', 'AY-WF', 'JN-LX'}
local masked = '{"sender.name":"MASKED","sender.phone":"MASKED","sender.address.province":"FULL",'
    .. '"sender.address.city":"FULL","sender.address.district":"FULL","sender.address.detail":"HIDDEN",'
    .. '"receiver.name":"MASKED","receiver.phone":"MASKED","receiver.address.province":"FULL",'
    .. '"receiver.address.city":"FULL","receiver.address.district":"FULL","receiver.address.detail":"HIDDEN"}'
for i = 0, n - 1 do
  local k = batch * n + i
  local t = newest - (k * 7919) % (7 * 86400)
  local ms = (k * 13) % 1000
  local clerk = k % 500
  local outlet = outlets[1 + clerk % #outlets]
  local no = string.format('YT9%012d', 1 + (k * 104729) % 1000000)
  local actor = string.format('{"sub":"hist-%08d","username":"hist.clerk.%03d","role":"clerk","outletId":"%s","courierId":null}',
      clerk, clerk, outlet)
  local id = string.format('%s-%04x-4%03x-8%03x-%012x', run, batch % 65536, i % 4096, k % 4096, k)
  local grant = string.format('%s-0000-4000-9000-%012x', run, k)
  local common = string.format('"occurredAt":"%s.%03dZ","actor":%s,"deviceId":"hist-dev-%03d","clientIp":"10.%d.%d.%d",'
      .. '"waybillNo":"%s","purpose":"COUNTER_INQUIRY","grantId":"%s","traceId":"%016x"',
      iso(t), ms, actor, clerk, clerk % 250, k % 200, 1 + k % 250, no, grant, k)
  local event
  if k % 2 == 0 then
    event = '{"eventId":"' .. id .. '","source":"access-gateway","action":"GRANT_ISSUED",' .. common
        .. ',"decision":"ALLOW","reason":null}'
  else
    event = '{"eventId":"' .. id .. '","source":"waybill-service","action":"WAYBILL_READ",' .. common
        .. ',"view":"COUNTER_INQUIRY","disclosure":' .. masked .. ',"decision":"ALLOW","reason":null}'
  end
  redis.call('XADD', KEYS[1], '*', 'event', event)
end
return n
