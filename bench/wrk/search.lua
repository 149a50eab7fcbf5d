-- GET /api/v1/search?q=... for random queries from search-queries.txt (category<TAB>query).
-- wrk -t2 -c16 -d30s -s bench/wrk/search.lua URL -- QUERIES_FILE TOKEN_FILE [LABEL]
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua")

function make_path(line)
  local query = line:match("^[^\t]*\t(.+)$")
  return query and ("/api/v1/search?q=" .. urlencode(query)) or nil
end
