-- GET /api/v1/lookup/customers?q=... for random queries from lookup-queries.txt (category<TAB>query): what a
-- customer picker asks as someone types.
-- wrk -t2 -c16 -d30s -s bench/wrk/lookup.lua URL -- QUERIES_FILE TOKEN_FILE [LABEL]
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua")

function make_path(line)
  local query = line:match("^[^\t]*\t(.+)$")
  return query and ("/api/v1/lookup/customers?limit=10&q=" .. urlencode(query)) or nil
end
