-- The customer portal as its contacts use it: each request is a random contact's (its session cookie), for
--   list   GET /portal                      the contact's requests in progress (HTML)
--   page   GET /portal/requests/{number}    one of its requests with the conversation (HTML)
--   api    GET /api/v1/portal/requests      its requests (JSON, with the session's contact: by cookie, not token)
-- Script arguments (after `--`): SESSIONS_FILE (bench/portal-accounts.py) MODE LABEL

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_number", counter)
  thread:set("label", "portal")
  table.insert(threads, thread)
end

function init(args)
  accounts = {}
  for line in io.lines(args[1]) do
    local token, rest = line:match("^(%S+)%s+(.*)$")
    if token then
      local numbers = {}
      for n in rest:gmatch("%d+") do numbers[#numbers + 1] = n end
      accounts[#accounts + 1] = { cookie = "liaison_session=" .. token, numbers = numbers }
    end
  end
  assert(#accounts > 0, "no accounts in " .. args[1])
  mode = args[2] or "list"
  assert(mode == "list" or mode == "page", "mode must be list or page")
  label = args[3] or ("portal-" .. mode)
  wrk.thread:set("label", label)
  math.randomseed(os.time() * 1000 + (thread_number or 0))
end

function request()
  local account = accounts[math.random(#accounts)]
  local path = "/portal"
  if mode == "page" then path = "/portal/requests/" .. account.numbers[math.random(#account.numbers)] end
  return wrk.format("GET", path, { ["Cookie"] = account.cookie, ["Accept"] = "text/html" })
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT label=%s requests=%d seconds=%.1f rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f mean_ms=%.2f non2xx=%d socket_errors=%d timeouts=%d\n",
    threads[1] and threads[1]:get("label") or "portal", summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000, e.status, e.connect + e.read + e.write, e.timeout))
end
