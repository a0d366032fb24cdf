-- Batches of viewing events for the beacon endpoint, each from a new page (session), dated
-- now, so that none is a duplicate. Settings come from the environment (bench/insights.py).
local offering = os.getenv("BEACON_OFFERING")
local origin = os.getenv("BEACON_ORIGIN")
local per_batch = tonumber(os.getenv("BEACON_EVENTS") or "50")
math.randomseed(os.time() + tonumber(os.getenv("BEACON_SEED") or "0"))

local function uuid()
  return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function(c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end

request = function()
  local now = os.time() * 1000 - 60000
  local events = {}
  events[1] = string.format('{"seq":0,"kind":"play","t":%d,"position":0}', now)
  for i = 1, per_batch - 1 do
    events[#events + 1] = string.format(
      '{"seq":%d,"kind":"heartbeat","t":%d,"position":%d,"value":30}', i, now + i * 10, i * 30)
  end
  local body = string.format('{"session":"%s","offering":%s,"showing":null,"events":[%s]}',
    uuid(), offering, table.concat(events, ","))
  return wrk.format("POST", "/beacon",
    {["Content-Type"] = "application/json", ["Origin"] = origin}, body)
end

dofile("bench/wrk_report.lua")
