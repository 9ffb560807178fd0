-- wrk script: GET /search with the queries of bench/queries/ungd-queries.txt in turn (each
-- connection starts at its own place), percent-encoded, so that the server does real work.
-- Usage: wrk -s bench/wrk_search.lua http://127.0.0.1:PORT  (QUERIES=file overrides the list)
local queries = {}
local path = os.getenv("QUERIES") or "bench/queries/ungd-queries.txt"
for line in io.lines(path) do
  if line ~= "" then
    local encoded = line:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end)
    queries[#queries + 1] = encoded
  end
end
local extra = os.getenv("PARAMS") or ""
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("offset", counter * 97)
end

function init(args)
  next_query = offset or 0
end

function request()
  next_query = next_query + 1
  local query = queries[(next_query % #queries) + 1]
  return wrk.format("GET", "/search?q=" .. query .. extra)
end

function done(summary, latency, requests)
  io.write(string.format("JSON {\"requests\": %d, \"duration_s\": %.3f, \"errors_status\": %d, " ..
    "\"errors_connect\": %d, \"errors_read\": %d, \"errors_write\": %d, \"errors_timeout\": %d, " ..
    "\"p50_ms\": %.2f, \"p90_ms\": %.2f, \"p99_ms\": %.2f, \"max_ms\": %.2f}\n",
    summary.requests, summary.duration / 1e6, summary.errors.status, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
