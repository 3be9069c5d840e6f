-- wrk script: sends DEPTH copies of the request in one write (HTTP/1.1 pipelining), as
-- TechEmpower's plaintext test does. Usage: wrk ... -s bench/pipeline.lua URL -- 16
-- wrk counts every response in the batch, so requests/s are requests, not batches.

local batch

function init(args)
  local depth = tonumber(args[1] or "16")
  local one = wrk.format(nil, nil, nil, nil)
  batch = string.rep(one, depth)
end

function request()
  return batch
end
