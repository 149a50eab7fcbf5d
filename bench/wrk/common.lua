-- Shared by timeline.lua and search.lua: bearer token, random paths, per-thread status counts, and a summary
-- line with requests/s, p50/p95/p99 (wrk reports latency in microseconds) and non-2xx counts.
-- Script arguments (after `--`): LIST_FILE TOKEN_FILE LABEL

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_number", counter)
  table.insert(threads, thread)
end

local function read_token(path)
  local f = assert(io.open(path, "r"))
  local token = f:read("*l")
  f:close()
  return (token:gsub("%s+$", ""))
end

function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

-- make_path(line) turns one line of the list file into a request path (defined by the including script).
function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    local path = make_path(line)
    if path then paths[#paths + 1] = path end
  end
  assert(#paths > 0, "no paths from " .. args[1])
  wrk.headers["Authorization"] = "Bearer " .. read_token(args[2])
  wrk.headers["Accept"] = "application/json"
  label = args[3] or "load"
  math.randomseed(os.time() * 1000 + (thread_number or 0))
  non2xx = 0
  statuses = {}
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

-- wrk counts answers with a status of 400 or more itself (summary.errors.status). Handing every answer to Lua
-- (a `response` function) costs wrk's threads, which share the machine with the server, a copy of each body: on
-- a 37.5 KB list that was a visible share of the CPU. WRK_SHOW_ERRORS=1 brings it back, with the first bodies of
-- answers that were not 2xx on stderr.
if os.getenv("WRK_SHOW_ERRORS") then
  function response(status, headers, body)
    if status < 200 or status > 299 then
      non2xx = non2xx + 1
      statuses[status] = (statuses[status] or 0) + 1
      if non2xx <= 3 then io.stderr:write("non-2xx " .. status .. ": " .. tostring(body):sub(1, 200) .. "\n") end
    end
  end
end

function done(summary, latency, requests)
  local non2xx_total = 0
  for _, thread in ipairs(threads) do non2xx_total = non2xx_total + (thread:get("non2xx") or 0) end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  if not response then non2xx_total = e.status end
  io.write(string.format(
    "RESULT label=%s requests=%d seconds=%.1f rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f mean_ms=%.2f non2xx=%d socket_errors=%d timeouts=%d\n",
    threads[1] and threads[1]:get("label") or "load", summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000, non2xx_total, e.connect + e.read + e.write, e.timeout))
end
