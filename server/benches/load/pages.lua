-- wrk script for page loads: counts every answer that is not 200 (wrk counts only 4xx and
-- 5xx as errors, so a 303 to the sign-in page would pass for a served page) and prints one
-- line the load benchmark reads.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  not_ok = 0
end

function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
  end
end

function done(summary, latency, requests)
  local refused = 0
  for _, thread in ipairs(threads) do
    refused = refused + thread:get("not_ok")
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d micros=%d p50=%d p99=%d max=%d socket_errors=%d not_ok=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, e.connect + e.read + e.write + e.timeout, refused))
end
