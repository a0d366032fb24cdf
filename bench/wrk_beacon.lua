-- Batches of viewing events for the beacon endpoint, each from a new page (session), dated
-- now, so that none is a duplicate. Settings come from the environment (bench/insights.py).
local offering = os.getenv("BEACON_OFFERING")
local origin = os.getenv("BEACON_ORIGIN")
local per_batch = tonumber(os.getenv("BEACON_EVENTS") or "50")

-- Viewing passes (session and signed token) made by bench/insights.py, one per batch: each
-- batch is a new page's viewing session, as the watch page's token endpoint hands them out.
local passes = {}
for line in io.lines(os.getenv("BEACON_PASSES")) do
  local session, token = line:match("^(%S+) (%S+)$")
  passes[#passes + 1] = { session = session, token = token }
end
local next_pass = 0

request = function()
  local now = os.time() * 1000 - 60000
  local events = {}
  events[1] = string.format('{"seq":0,"kind":"play","t":%d,"position":0}', now)
  for i = 1, per_batch - 1 do
    events[#events + 1] = string.format(
      '{"seq":%d,"kind":"heartbeat","t":%d,"position":%d,"value":30}', i, now + i * 10, i * 30)
  end
  next_pass = next_pass % #passes + 1
  local pass = passes[next_pass]
  local body = string.format(
    '{"session":"%s","token":"%s","offering":%s,"showing":null,"events":[%s]}',
    pass.session, pass.token, offering, table.concat(events, ","))
  return wrk.format("POST", "/beacon",
    {["Content-Type"] = "application/json", ["Origin"] = origin}, body)
end

dofile("bench/wrk_report.lua")
