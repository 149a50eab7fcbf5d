-- GET /api/v1/customers/{id}/timeline for random customers from timeline-ids.txt (id<TAB>interactions<TAB>class).
-- wrk -t2 -c16 -d30s -s bench/wrk/timeline.lua URL -- IDS_FILE TOKEN_FILE [LABEL]
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua")

function make_path(line)
  local id = line:match("^(%x[%x%-]+)")
  return id and ("/api/v1/customers/" .. id .. "/timeline") or nil
end
