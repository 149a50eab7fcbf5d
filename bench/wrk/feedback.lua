-- The public feedback form as visitors send it: each thread GETs the form (for its signed stamp) and POSTs it
-- filled in, from a new client address each time (X-Forwarded-For; the server trusts 127.0.0.1 as a proxy), with
-- the page's anti-forgery cookie and field. Every check of the form stays on; only its minimum fill time is set to
-- 0 s by the script that runs this, so that the load needs no waiting.
local token = "5f0c1e2d3c4b5a69788796a5b4c3d2e1f0112233445566778899aabbccddeeff"
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  stamps = {}
  posts = 0
  sent = 0
  refused = 0
  wrk.headers["Cookie"] = "liaison_csrf=" .. token
end

local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

request = function()
  local stamp = table.remove(stamps)
  if stamp == nil then
    return wrk.format("GET", "/public/feedback")
  end
  counter = counter + 1
  posts = posts + 1
  local address = string.format("10.%d.%d.%d", id % 250, math.floor(counter / 250) % 250, counter % 250)
  local body = "_csrf=" .. token .. "&stamp=" .. urlencode(stamp) .. "&website=" ..
    "&name=" .. urlencode("压测访客") .. "&company=" .. urlencode("星河贸易") ..
    "&email=" .. urlencode("visitor" .. id .. "-" .. counter .. "@bench.example.cn") ..
    "&message=" .. urlencode("希望增加英文发票。第 " .. counter .. " 条。")
  return wrk.format("POST", "/public/feedback", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "liaison_csrf=" .. token,
    ["X-Forwarded-For"] = address,
  }, body)
end

response = function(status, headers, body)
  local stamp = body:match('name="stamp" value="([^"]+)"')
  if stamp then
    if status == 200 then table.insert(stamps, stamp) else refused = refused + 1 end
  elseif body:find("data%-request%-number") then
    sent = sent + 1
  else
    refused = refused + 1
  end
end

done = function(summary, latency, requests)
  local total_sent, total_refused = 0, 0
  for _, thread in ipairs(threads) do
    total_sent = total_sent + thread:get("sent")
    total_refused = total_refused + thread:get("refused")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT feedback accepted %d (%.0f/s), refused %d, requests %d (%.0f/s, GET and POST)\n",
    total_sent, total_sent / seconds, total_refused, summary.requests, summary.requests / seconds))
end
