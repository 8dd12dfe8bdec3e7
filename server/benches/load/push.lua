-- wrk script for sync pushes: each wrk thread is one device with one connection (run it with
-- as many threads as connections), so a device's pushes go one after another as a tablet's
-- do, each a batch of new visits under the next mutation numbers. A push that fails is sent
-- again unchanged, as the app does. The benchmark prepends the run's values:
--   cookie, origin, run (the first 13 characters of every id), tag (the app_version),
--   batch (visits per push), template (one visit change with @MUTATION@, @ID@, @BUSINESS@
--   and @CONTACT@ to fill in) and firms ({business, contact} pairs).

local threads = {}
local count = 0

function setup(thread)
  count = count + 1
  thread:set("index", count)
  table.insert(threads, thread)
end

function init(args)
  mutation = 0
  acknowledged = 0
  applied = 0
  failed = 0
  pending = nil
  device = string.format("%s-7%03x-8000-000000000000", run, index)
  headers = {
    ["Content-Type"] = "application/json",
    ["Cookie"] = cookie,
    ["Origin"] = origin,
  }
end

local function fill(mutation)
  local firm = firms[(index * 31 + mutation) % #firms + 1]
  local id = string.format("%s-7%03x-8001-%012x", run, index, mutation)
  local change = template:gsub("@MUTATION@", tostring(mutation))
  change = change:gsub("@ID@", id)
  change = change:gsub("@BUSINESS@", firm[1])
  change = change:gsub("@CONTACT@", firm[2])
  return change
end

function request()
  if pending == nil then
    local changes = {}
    for i = 1, batch do
      changes[i] = fill(mutation + i)
    end
    pending = {
      last = mutation + batch,
      body = string.format(
        '{"device":"%s","app_version":"%s","pending":%d,"storage_used":0,"changes":[%s]}',
        device, tag, batch, table.concat(changes, ",")),
    }
  end
  return wrk.format("POST", "/api/sync/push", headers, pending.body)
end

function response(status, headers, body)
  if status == 200 and pending ~= nil then
    local _, n = body:gsub('"status":"applied"', "")
    applied = applied + n
    mutation = pending.last
    acknowledged = mutation
    pending = nil
  else
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local applied, failed = 0, 0
  for _, thread in ipairs(threads) do
    applied = applied + thread:get("applied")
    failed = failed + thread:get("failed")
    io.write(string.format("DEVICE %s acknowledged=%d\n", thread:get("device"),
      thread:get("acknowledged")))
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d micros=%d p50=%d p99=%d max=%d socket_errors=%d not_ok=%d applied=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, e.connect + e.read + e.write + e.timeout, failed, applied))
end
