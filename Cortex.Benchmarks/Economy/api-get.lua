-- wrk script for a GET through the API with the operator key, one connection: the API's latency seen by a C client,
-- as pgbench's is (the .NET generator's own thread hand-offs are not the service's).
--   CORTEX_API_KEY=... API_PATH=/api/guilds/1/leaderboard wrk -t 1 -c 1 -d 10s -s api-get.lua http://127.0.0.1:PORT
function init(args)
  wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("CORTEX_API_KEY"), "CORTEX_API_KEY is not set")
  wrk.path = assert(os.getenv("API_PATH"), "API_PATH is not set")
end

function done(summary, latency, requests)
  -- A refused request (401, 404, 429) is not a latency sample of the route: count them, and the script stops on any.
  local refused = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT n=%d refused=%d p50=%.3f ms p99=%.3f ms mean=%.3f ms\n",
    summary.requests, refused, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.mean / 1000))
end
