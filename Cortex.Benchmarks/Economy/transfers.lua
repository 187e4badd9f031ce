-- wrk script for POST /api/guilds/2/transfers: the same load as the .NET generator (EconomyBench.cs),
-- random distinct pairs of guild 2's 10,000 funded users, amounts 1..99, from a C client like pgbench.
-- The API refuses anonymous callers: the operator key comes from CORTEX_API_KEY (run-economy-bench.sh sets it).
--   CORTEX_API_KEY=... wrk -t 2 -c 32 -d 10s -s transfers.lua http://127.0.0.1:PORT
local users = 10000
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(seed * 7919)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("CORTEX_API_KEY"), "CORTEX_API_KEY is not set")
end

function request()
  local from = math.random(1, users)
  local to = math.random(1, users - 1)
  if to >= from then to = to + 1 end
  local body = string.format('{"fromUserId":%d,"toUserId":%d,"amount":%d}', from, to, math.random(1, 99))
  return wrk.format(nil, "/api/guilds/2/transfers", nil, body)
end

function done(summary, latency, requests)
  -- Every refusal (a 401 from a missing key included) is counted: a run with refusals is not a throughput figure.
  local seconds = summary.duration / 1e6
  local refused = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  local ok = summary.requests - summary.errors.status
  io.write(string.format("RESULT transfers wrk clients=%s transfers=%d refused=%d seconds=%.1f tps=%.1f p50=%.2fms p99=%.2fms\n",
    os.getenv("WRK_CONNECTIONS") or "?", ok, refused, seconds, ok / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
