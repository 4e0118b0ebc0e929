-- wrk script for the rotating-URL bench: each request asks for the next path in
-- BENCH_URL_FILE (one path per line, written by bench/run.py from the seeded data),
-- so no figure comes from one URL asked repeatedly (a cache or a warm plan for one
-- member would flatter the page). Sends the session cookie, stops after
-- BENCH_REQUESTS responses (0 = run for wrk's -d duration) and prints one JSON line.
local max_requests = tonumber(os.getenv("BENCH_REQUESTS") or "200")
local cookie = os.getenv("BENCH_COOKIE") or ""
local paths = {}
for line in io.lines(os.getenv("BENCH_URL_FILE")) do
  if line ~= "" and string.sub(line, 1, 1) == "/" then paths[#paths + 1] = line end
end
assert(#paths > 0, "BENCH_URL_FILE holds no paths")

local counter = 0
local responses = 0
local bad = 0

function setup(thread)
  -- Threads start at different offsets so concurrent connections ask different pages.
  counter = counter + 1
  thread:set("offset", counter * 7919)
end

function request()
  offset = (offset or 0) + 1
  local path = paths[(offset % #paths) + 1]
  return wrk.format("GET", path, {["Cookie"] = cookie})
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= 200 then bad = bad + 1 end
  if max_requests > 0 and responses >= max_requests then wrk.thread:stop() end
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "urls": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "mean_us": %.1f, '
      .. '"non_2xx": %d, "socket_errors": %d, "duration_us": %d}\n',
    summary.requests, #paths, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.mean, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration))
end
