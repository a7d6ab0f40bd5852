-- wrk script for POST /api/v1/reports (run by bench/intake/run.sh).
--
--   wrk ... -s report.lua URL -- MODE MAX_PER_THREAD SEED_PREFIX SEED_COUNT BASE_EPOCH [HIST_FILE]
--
-- MODE   new     every request is a new report: a fresh random UUIDv4 clientReportId, a
--                random point in a box over south Lebanon / the Golan, a random observedAt
--                in the last 24 h, a random category and accuracy  -> expect 201
--        seed    report number 0, 1, 2, ... of the seed set (run with -t1 -c1, stops
--                after SEED_COUNT)                                     -> expect 201
--        resend  a random report of the seed set, byte-for-byte the same content as
--                seeded (same clientReportId, point, time, ...)          -> expect 200
-- MAX_PER_THREAD  each wrk thread stops after this many responses (the count bound;
--                 wrk's -d is the time bound)
-- SEED_PREFIX     8 hex digits: seed report i has clientReportId PREFIX-0000-4000-8000-<i>
-- BASE_EPOCH      seconds; seed report i was observed at BASE_EPOCH - (i % 86400) s
--
-- HIST_FILE       if given, done() writes wrk's latency histogram there, one
--                 "microseconds count" line per value seen, so that run.sh can merge
--                 the histograms of several runs into exact percentiles
--
-- done() prints one line "WRK_RESULT key=value ..." that run.sh parses.

local CATEGORIES = {"SMALL_ARMS_FIRE", "INDIRECT_FIRE", "EXPLOSION", "ARMED_PRESENCE", "AIR_INCURSION"}
-- lon 35.10..35.90, lat 32.90..33.40 (WGS84): the area a monitoring mission would cover
local LON0, LON_SPAN, LAT0, LAT_SPAN = 35.10, 0.80, 32.90, 0.50

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("tid", #threads)
end

local mode, max_per_thread, seed_prefix, seed_count, base_epoch
hist_file = nil   -- global, so that done() (in wrk's main Lua state) can read it from a thread
local counter, responses, verified = 0, 0, false
s200, s201, sother = 0, 0, 0   -- globals so that done() can read them with thread:get

local function urandom_seed()
   local f = io.open("/dev/urandom", "rb")
   local bytes = f:read(6)
   f:close()
   local n = 0
   for i = 1, #bytes do
      n = n * 256 + bytes:byte(i)
   end
   return n
end

function init(args)
   mode = args[1] or "new"
   max_per_thread = tonumber(args[2] or "1000000")
   seed_prefix = args[3] or "5eed5eed"
   seed_count = tonumber(args[4] or "1000")
   base_epoch = tonumber(args[5] or tostring(os.time()))
   hist_file = args[6]
   math.randomseed(urandom_seed())
   -- LuaJIT's generator: throw away the first draws after seeding
   for _ = 1, 10 do math.random() end
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/geo+json"
   wrk.headers["Accept"] = "application/geo+json"
   -- A monitor's bearer token, from run.sh's sign-in.
   wrk.headers["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or "")
end

local function random_uuid()
   return string.format("%08x-%04x-4%03x-%04x-%04x%08x",
      math.random(0, 0xffffffff), math.random(0, 0xffff), math.random(0, 0xfff),
      math.random(0x8000, 0xbfff), math.random(0, 0xffff), math.random(0, 0xffffffff))
end

local function iso(epoch)
   return os.date("!%Y-%m-%dT%H:%M:%SZ", epoch)
end

local function feature(id, lon, lat, observed, category, accuracy)
   return string.format('{"type":"Feature","geometry":{"type":"Point","coordinates":[%.6f,%.6f]},'
      .. '"properties":{"clientReportId":"%s","observedAt":"%s","category":"%s","locationAccuracyM":%d}}',
      lon, lat, id, observed, category, accuracy)
end

-- seed report i: everything derived from i, so a resend is the same content
local function seed_feature(i)
   local id = string.format("%s-0000-4000-8000-%012x", seed_prefix, i)
   local lon = LON0 + ((i * 7919) % 800000) / 1000000
   local lat = LAT0 + ((i * 104729) % 500000) / 1000000
   return feature(id, lon, lat, iso(base_epoch - (i % 86400)), CATEGORIES[(i % #CATEGORIES) + 1], 5 + (i % 500))
end

function request()
   local body
   if mode == "new" then
      body = feature(random_uuid(), LON0 + math.random() * LON_SPAN, LAT0 + math.random() * LAT_SPAN,
         iso(os.time() - math.random(60, 86400)), CATEGORIES[math.random(1, #CATEGORIES)], math.random(5, 500))
   elseif mode == "seed" then
      body = seed_feature(counter)
      -- wrk calls request() once on the first thread to check the script before it
      -- connects (script_verify_request); that request is never sent, so it must not
      -- use up seed index 0. run.sh checks in SQL that exactly the seed set is stored.
      if verified then
         counter = counter + 1
      end
      verified = true
   else
      body = seed_feature(math.random(0, seed_count - 1))
   end
   return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
   if status == 201 then
      s201 = s201 + 1
   elseif status == 200 then
      s200 = s200 + 1
   else
      sother = sother + 1
      if sother <= 3 then
         io.stderr:write("unexpected status " .. status .. ": " .. string.sub(body or "", 1, 300) .. "\n")
      end
   end
   responses = responses + 1
   if responses >= max_per_thread then
      wrk.thread:stop()
   end
end

function done(summary, latency, requests)
   local t200, t201, tother = 0, 0, 0
   for _, thread in ipairs(threads) do
      t200 = t200 + (thread:get("s200") or 0)
      t201 = t201 + (thread:get("s201") or 0)
      tother = tother + (thread:get("sother") or 0)
   end
   local e = summary.errors
   local secs = summary.duration / 1e6
   io.write(string.format("WRK_RESULT requests=%d duration_s=%.3f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f "
      .. "p999_ms=%.2f max_ms=%.2f s200=%d s201=%d sother=%d err_connect=%d err_read=%d err_write=%d err_timeout=%d\n",
      summary.requests, secs, summary.requests / secs,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency:percentile(99.9) / 1000, latency.max / 1000,
      t200, t201, tother, e.connect, e.read, e.write, e.timeout))
   local path = threads[1] and threads[1]:get("hist_file")
   if path then
      local f = assert(io.open(path, "w"))
      for i = 1, #latency do
         local value, count = latency(i)
         f:write(string.format("%d %d\n", value, count))
      end
      f:close()
   end
end
