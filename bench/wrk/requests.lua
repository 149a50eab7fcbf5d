-- Load for the requests feature (issue 4). One script, three modes (the first script argument):
--   mine    GET  /api/v1/requests?assignee=me            as a random agent (tokens.txt: one token per line)
--   create  POST /api/v1/requests                        for a random customer and contact (customers.txt:
--                                                         customerId<TAB>contactId)
--   reply   POST /api/v1/requests/{id}/messages          on a random open request (open-requests.txt: ids),
--                                                         as a random agent
--   write   create and reply in turn                      (the mixed workload's writers)
--   search  GET  /api/v1/search?q=WORD                    a broad Chinese word (many matches), as a random agent
--   page    GET  /requests/{id}                           the request's HTML page, signed in with the session cookie
--                                                         in the file DATA_DIR/session-cookie.txt (load-mixed.sh)
--   form    GET  /requests/new                            the new-request form's HTML page, signed in as for "page"
--   one     GET  /api/v1/requests/{id}                    one open request by its id, as a random agent (a cheap
--                                                         read: bench/event-loop-stall.sh)
-- wrk -t2 -c16 -d30s -s bench/wrk/requests.lua URL -- MODE DATA_DIR [LABEL]
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua") -- setup, response and the RESULT summary; init and request are replaced below

local function lines(path)
  local list = {}
  for line in io.lines(path) do
    if line ~= "" then list[#list + 1] = line end
  end
  assert(#list > 0, "nothing in " .. path)
  return list
end

local subjects = {"无法登录门户", "发票金额有误", "Export to Excel fails", "数据同步延迟", "请协助开通账号",
  "打印机驱动安装失败", "API timeout when uploading", "合同附件无法下载", "报表数字不一致", "系统升级后变慢"}
-- Replies the message check lets through (precise, polite): a refused reply would measure the refusal instead.
local replies = {"您好，已收到，原因是证书过期，已为您更换。", "请提供一下截图和发生的时间，谢谢。",
  "已为您重新开通，请再试一次。", "补丁已发布，请升级到 2.3.1 后确认。"}

function init(args)
  mode = args[1]
  local data = args[2]
  label = args[3] or mode
  tokens = lines(data .. "/tokens.txt")
  if mode == "create" or mode == "write" then
    customers = {}
    for _, line in ipairs(lines(data .. "/customers.txt")) do
      local customer, contact = line:match("^(%S+)\t(%S+)")
      customers[#customers + 1] = {customer, contact}
    end
  end
  if mode == "reply" or mode == "write" or mode == "page" or mode == "one" then
    open = lines(data .. "/open-requests.txt")
  end
  if mode == "page" or mode == "form" then
    cookie = lines(data .. "/session-cookie.txt")[1]
  end
  assert(({mine = 1, create = 1, reply = 1, write = 1, search = 1, page = 1, form = 1, one = 1})[mode],
    "mode must be mine, create, reply, write, search, page, form or one")
  math.randomseed(os.time() * 1000 + (thread_number or 0))
  non2xx = 0
  statuses = {}
  sequence = 0
end

local function headers(json)
  local h = {["Authorization"] = "Bearer " .. tokens[math.random(#tokens)], ["Accept"] = "application/json"}
  if json then h["Content-Type"] = "application/json" end
  return h
end

-- Broad words: each matches a large share of the requests' subjects and messages.
local broad = {"发票", "登录", "系统", "合同", "数据", "升级", "账号", "报表"}

local function create()
  local pick = customers[math.random(#customers)]
  local body = string.format(
    '{"customerId":"%s","contactId":"%s","kind":"issue","priority":"normal","channel":"email","subject":"%s","body":"%s（压测 %d-%d）"}',
    pick[1], pick[2], subjects[math.random(#subjects)], replies[math.random(#replies)], thread_number or 0, sequence)
  return wrk.format("POST", "/api/v1/requests", headers(true), body)
end

local function reply()
  local body = string.format('{"body":"%s"}', replies[math.random(#replies)])
  return wrk.format("POST", "/api/v1/requests/" .. open[math.random(#open)] .. "/messages", headers(true), body)
end

function request()
  sequence = sequence + 1
  if mode == "mine" then
    return wrk.format("GET", "/api/v1/requests?assignee=me", headers(false))
  elseif mode == "create" then
    return create()
  elseif mode == "reply" then
    return reply()
  elseif mode == "write" then
    if sequence % 2 == 0 then return create() else return reply() end
  elseif mode == "search" then
    return wrk.format("GET", "/api/v1/search?q=" .. urlencode(broad[math.random(#broad)]), headers(false))
  elseif mode == "one" then
    return wrk.format("GET", "/api/v1/requests/" .. open[math.random(#open)], headers(false))
  elseif mode == "form" then
    return wrk.format("GET", "/requests/new", {["Cookie"] = cookie, ["Accept"] = "text/html"})
  else
    return wrk.format("GET", "/requests/" .. open[math.random(#open)], {["Cookie"] = cookie, ["Accept"] = "text/html"})
  end
end
