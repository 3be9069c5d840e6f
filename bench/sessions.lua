-- wrk script for the session lines: each request carries the cookie of one of the sessions the
-- run made beforehand, taken in turn, so that requests in flight at once rarely share a session
-- (and its lock), as the requests of many users would not.
-- Usage: wrk ... -s bench/sessions.lua URL -- IDS_FILE   (one session id per line)

local requests = {}
local n = 0
local i = 0

function init(args)
  for id in io.lines(args[1]) do
    if id ~= "" then
      n = n + 1
      requests[n] = wrk.format(nil, nil, { ["Cookie"] = "session_id=" .. id }, nil)
    end
  end
  if n == 0 then
    error("no session ids in " .. tostring(args[1]))
  end
end

function request()
  i = i % n + 1
  return requests[i]
end
