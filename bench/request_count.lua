-- wrk script: send the session cookie, stop after BENCH_REQUESTS responses,
-- and print the latency percentiles as one JSON line.
local max_requests = tonumber(os.getenv("BENCH_REQUESTS") or "200")
local responses = 0
local bad = 0
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE") or ""

function response(status, headers, body)
  responses = responses + 1
  if status ~= 200 then bad = bad + 1 end
  if responses >= max_requests then wrk.thread:stop() end
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "p50_us": %d, "p95_us": %d, "mean_us": %.1f, "non_2xx": %d}\n',
    summary.requests, latency:percentile(50), latency:percentile(95), latency.mean,
    summary.errors.status))
end
