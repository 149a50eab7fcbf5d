-- Load for projects and work plans (issue 17). One script, several modes (the first script argument):
--   api       GET  /api/v1/projects/{id}                 a random project (projects.txt: id<TAB>number<TAB>status…)
--   page      GET  /projects/{id}                        its HTML page, signed in with the session cookie in
--                                                        DATA_DIR/session-cookie.txt (load-projects.sh signs in)
--   workplan  GET  /projects/{id}/workplan               the work-plan page (tasks, Gantt, RACI), signed in
--   tasks     GET  /api/v1/projects/{id}/tasks           the first page of its task list
--   gantt     GET  /api/v1/projects/{id}/gantt.svg       its Gantt chart (every task and milestone)
--   dashboard GET  /api/v1/projects/{id}/dashboard       its dashboard (plan, burn-up, risks, communication, customer)
--   report    POST /api/v1/projects/{id}/reports         a progress report drafted for the week up to yesterday
--   meetings  GET  /api/v1/meetings?mine=true&from=DAY   the bench admin's meetings from a random day of the
--                                                        range in DATA_DIR/meetings.txt (bench/seed-meetings.py)
--   create    POST /api/v1/projects/{id}/tasks           a task in a random open project (open-projects.txt:
--                                                        id<TAB>last task id), waiting for that project's last
--                                                        task, owned by a random staff member (staff.txt)
-- wrk -t2 -c16 -d30s -s bench/wrk/projects.lua URL -- MODE DATA_DIR [LABEL]
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

local names = {"接口联调", "补充测试用例", "Prepare cut-over checklist", "客户现场培训", "数据核对",
  "性能优化", "Update user guide", "缺陷复测", "上线演练", "报表调整"}

function init(args)
  mode = args[1]
  local data = args[2]
  label = args[3] or mode
  token = lines(data .. "/token")[1]
  assert(({api = 1, page = 1, workplan = 1, tasks = 1, gantt = 1, create = 1, dashboard = 1, report = 1,
    meetings = 1})[mode], "mode must be api, page, workplan, tasks, gantt, dashboard, report, meetings or create")
  if mode == "create" then
    open = {}
    for _, line in ipairs(lines(data .. "/open-projects.txt")) do
      local project, last = line:match("^(%S+)\t(%S+)")
      open[#open + 1] = {project, last}
    end
    staff = lines(data .. "/staff.txt")
  elseif mode == "meetings" then
    local first, last = lines(data .. "/meetings.txt")[1]:match("^(%S+)\t(%S+)")
    local function epoch(day)
      local y, m, d = day:match("^(%d+)-(%d+)-(%d+)")
      return os.time({year = tonumber(y), month = tonumber(m), day = tonumber(d), hour = 12})
    end
    meetingFrom, meetingDays = epoch(first), math.floor((epoch(last) - epoch(first)) / 86400)
  else
    projects = {}
    for _, line in ipairs(lines(data .. "/projects.txt")) do projects[#projects + 1] = line:match("^(%S+)") end
  end
  if mode == "page" or mode == "workplan" then cookie = lines(data .. "/session-cookie.txt")[1] end
  math.randomseed(os.time() * 1000 + (thread_number or 0))
  non2xx = 0
  statuses = {}
  sequence = 0
end

local function headers(json)
  local h = {["Authorization"] = "Bearer " .. token, ["Accept"] = "application/json"}
  if json then h["Content-Type"] = "application/json" end
  return h
end

local function create()
  local pick = open[math.random(#open)]
  local day = os.date("!%Y-%m-%d", os.time() + 86400 * math.random(1, 30))
  local body = string.format(
    '{"name":"%s（压测 %d-%d）","ownerId":"%s","startOn":"%s","dueOn":"%s","estimateHours":16,"predecessors":["%s"]}',
    names[math.random(#names)], thread_number or 0, sequence, staff[math.random(#staff)], day, day, pick[2])
  return wrk.format("POST", "/api/v1/projects/" .. pick[1] .. "/tasks", headers(true), body)
end

function request()
  sequence = sequence + 1
  if mode == "create" then return create() end
  if mode == "meetings" then
    local day = os.date("!%Y-%m-%dT00:00:00Z", meetingFrom + 86400 * math.random(0, meetingDays))
    return wrk.format("GET", "/api/v1/meetings?mine=true&limit=50&from=" .. day, headers(false))
  end
  local id = projects[math.random(#projects)]
  if mode == "api" then
    return wrk.format("GET", "/api/v1/projects/" .. id, headers(false))
  elseif mode == "tasks" then
    return wrk.format("GET", "/api/v1/projects/" .. id .. "/tasks", headers(false))
  elseif mode == "dashboard" then
    return wrk.format("GET", "/api/v1/projects/" .. id .. "/dashboard", headers(false))
  elseif mode == "report" then
    local body = string.format('{"periodStart":"%s","periodEnd":"%s"}',
      os.date("!%Y-%m-%d", os.time() - 86400 * 7), os.date("!%Y-%m-%d", os.time() - 86400))
    return wrk.format("POST", "/api/v1/projects/" .. id .. "/reports", headers(true), body)
  elseif mode == "gantt" then
    return wrk.format("GET", "/api/v1/projects/" .. id .. "/gantt.svg", {["Authorization"] = "Bearer " .. token})
  elseif mode == "workplan" then
    return wrk.format("GET", "/projects/" .. id .. "/workplan", {["Cookie"] = cookie, ["Accept"] = "text/html"})
  else
    return wrk.format("GET", "/projects/" .. id, {["Cookie"] = cookie, ["Accept"] = "text/html"})
  end
end
