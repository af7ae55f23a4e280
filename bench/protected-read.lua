-- wrk script: simulated clerks and couriers doing protected reads (POST /api/v1/grants, then
-- GET /api/v1/waybills/{no} with the grant) through access-gateway.
--
--   wrk -t C -c C -d 20s -s bench/protected-read.lua URL -- <pairs/s per connection, 0 = flat out>
--
-- Run it with as many threads as connections (-t = -c): each thread then owns exactly one
-- connection, so the grant → read sequence of a connection is a simple state machine here.
-- Environment: BENCH_ACCOUNTS = a Lua file returning the accounts (bench.sh writes it:
-- {token, device, reads = {{waybillNo, purpose}, ...}}), BENCH_OUT = where done() writes its JSON.
--
-- Measured here (not by wrk): the latency of a protected read = from the grant request (or, when
-- paced, from the moment it was scheduled, so that a slow answer cannot hide the requests it held
-- back) to the read's answer; the latency of each step; answers by status and problem type.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } wg_timespec;
  int clock_gettime(int clk_id, wg_timespec *tp);
]]
local ts = ffi.new("wg_timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1e6 + tonumber(ts.tv_nsec) / 1e3
end

local accounts = dofile(os.getenv("BENCH_ACCOUNTS"))

-- ---- main state: hand each thread its number, collect their figures at the end ----
local threads = {}
function setup(thread)
  thread:set("thread_no", #threads)
  table.insert(threads, thread)
end

-- ---- thread state ----
function init(args)
  rate = tonumber(args[1] or "0") or 0            -- protected reads per second for this connection
  interval = rate > 0 and 1e6 / rate or 0
  account = accounts[(thread_no % #accounts) + 1]
  math.randomseed(1000 + thread_no)
  step = "grant"          -- what the next request is
  expecting = nil         -- what the answer in flight is for
  pair_lat, grant_lat, read_lat = {}, {}, {}
  grants_ok, reads_ok, lost = 0, 0, 0
  answered = false        -- whether any answer came yet in this thread
  failures = {}           -- "grant 503 upstream-unavailable" -> count
end

local function failed(kind, status, body)
  local slug = body and body:match("/problems/([%w%-]+)") or "-"
  local key = kind .. " " .. status .. " " .. slug
  failures[key] = (failures[key] or 0) + 1
end

function delay()
  if interval > 0 and step == "grant" then
    local now = now_us()
    if next_at == nil then next_at = now + math.random() * interval end
    scheduled = next_at
    next_at = next_at + interval
    local wait = scheduled - now
    if wait > 0 then return math.ceil(wait / 1000) end
  end
  return 0
end

function request()
  if expecting ~= nil then
    -- the previous answer never came (timeout, closed connection): start over with a grant. Before this
    -- thread's first answer that is wrk itself: it calls request() once in thread 0's state to check the
    -- script, and throws that request away (a first request really lost shows as a socket error instead)
    if answered then lost = lost + 1 end
    expecting, step = nil, "grant"
  end
  local now = now_us()
  if step == "grant" then
    local r = account.reads[math.random(#account.reads)]
    waybill_no, purpose = r[1], r[2]
    pair_start = (interval > 0 and scheduled) or now
    scheduled = nil
    sent_at, expecting = now, "grant"
    return wrk.format("POST", "/api/v1/grants", {
      ["Authorization"] = "Bearer " .. account.token,
      ["X-Device-Id"] = account.device,
      ["Content-Type"] = "application/json",
    }, '{"waybillNo":"' .. waybill_no .. '","purpose":"' .. purpose .. '"}')
  end
  sent_at, expecting = now, "read"
  return wrk.format("GET", "/api/v1/waybills/" .. waybill_no, {
    ["Authorization"] = "Bearer " .. account.token,
    ["X-Access-Grant"] = grant,
    ["X-Device-Id"] = account.device,
  })
end

function response(status, headers, body)
  local now = now_us()
  local kind = expecting
  expecting, answered = nil, true
  if kind == "grant" then
    grant = status == 201 and body:match('"grant"%s*:%s*"([^"]+)"') or nil
    if grant then
      grants_ok = grants_ok + 1
      grant_lat[#grant_lat + 1] = now - sent_at
      step = "read"
    else
      failed("grant", status, body)
      step = "grant"
    end
  elseif kind == "read" then
    if status == 200 then
      reads_ok = reads_ok + 1
      read_lat[#read_lat + 1] = now - sent_at
      pair_lat[#pair_lat + 1] = now - pair_start
    else
      failed("read", status, body)
    end
    step = "grant"
  end
end

-- ---- main state again: merge the threads' figures, write BENCH_OUT ----
local function percentiles(samples)
  table.sort(samples)
  local function p(q)
    if #samples == 0 then return nil end
    local i = math.max(1, math.ceil(q * #samples))
    return math.floor(samples[i] / 10 + 0.5) / 100 -- µs -> ms, 2 decimals
  end
  return string.format('{"count": %d, "p50_ms": %s, "p90_ms": %s, "p99_ms": %s, "p999_ms": %s, "max_ms": %s}',
    #samples, tostring(p(0.5) or "null"), tostring(p(0.9) or "null"), tostring(p(0.99) or "null"),
    tostring(p(0.999) or "null"), tostring(p(1.0) or "null"))
end

function done(summary, latency, requests)
  local pairs_all, grants_all, reads_all = {}, {}, {}
  local grants, reads, lost_all, rate_total = 0, 0, 0, 0
  local fail = {}
  for _, t in ipairs(threads) do
    for _, v in ipairs(t:get("pair_lat")) do pairs_all[#pairs_all + 1] = v end
    for _, v in ipairs(t:get("grant_lat")) do grants_all[#grants_all + 1] = v end
    for _, v in ipairs(t:get("read_lat")) do reads_all[#reads_all + 1] = v end
    grants = grants + t:get("grants_ok")
    reads = reads + t:get("reads_ok")
    lost_all = lost_all + t:get("lost")
    rate_total = rate_total + t:get("rate")
    for k, v in pairs(t:get("failures")) do fail[k] = (fail[k] or 0) + v end
  end
  local seconds = summary.duration / 1e6
  local failures_json, failed_total = {}, 0
  for k, v in pairs(fail) do
    failures_json[#failures_json + 1] = string.format('"%s": %d', k, v)
    failed_total = failed_total + v
  end
  local e = summary.errors
  local out = io.open(os.getenv("BENCH_OUT"), "w")
  out:write(string.format([[{
  "connections": %d, "seconds": %.2f, "offered_reads_per_s": %s,
  "protected_reads": %d, "protected_reads_per_s": %.1f, "grants": %d, "grants_per_s": %.1f,
  "non_2xx": %d, "lost": %d, "socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d},
  "failures": {%s},
  "protected_read": %s,
  "grant_step": %s,
  "read_step": %s
}
]], #threads, seconds, rate_total > 0 and string.format("%.1f", rate_total) or "null",
    reads, reads / seconds, grants, grants / seconds, failed_total, lost_all,
    e.connect, e.read, e.write, e.timeout, table.concat(failures_json, ", "),
    percentiles(pairs_all), percentiles(grants_all), percentiles(reads_all)))
  out:close()
  io.write(string.format("protected reads: %d (%.1f/s), grants: %d, non-2xx: %d, lost: %d\n",
    reads, reads / seconds, grants, failed_total, lost_all))
end
