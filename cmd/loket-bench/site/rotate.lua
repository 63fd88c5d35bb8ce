-- rotate.lua: a wrk script that sends GET requests to the paths listed in
-- a file, one per line, in turn, so that a server is not measured on one
-- query it has cached. Each thread starts at another place in the list.
-- It asks for gzip, as browsers calling the search API do, and prints one
-- JSON line of figures at the end for cmd/loket-bench/site to read.
--
--   wrk -t2 -c16 -d20s --latency -s cmd/loket-bench/site/rotate.lua http://127.0.0.1:18080 -- paths.txt
--
-- cmd/loket-bench/site -keep writes such a file (wrk-paths.txt) for the
-- search API: /api/v1/search?q=...&locale=nl, one query a line.

local threads = 0

function setup(thread)
  thread:set("thread_number", threads)
  threads = threads + 1
end

function init(args)
  local file = args[1] or "paths.txt"
  paths = {}
  for line in io.lines(file) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  if #paths == 0 then
    error("rotate.lua: no paths in " .. file)
  end
  at = ((thread_number or 0) * 7919) % #paths
  headers = { ["Accept-Encoding"] = "gzip", ["Accept"] = "application/json" }
end

function request()
  at = at % #paths + 1
  return wrk.format("GET", paths[at], headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'rotate.lua: {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"p50": %d, "p99": %d, "max": %d, "mean": %.1f}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max, latency.mean))
end
