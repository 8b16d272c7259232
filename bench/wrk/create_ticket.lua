-- wrk script: POST a ticket per request on keep-alive connections (saturation cross-check
-- for bench/http_load; wrk has no fixed-rate mode and measures latency closed-loop).
--
--   wrk -t2 -c64 -d10s --latency -s bench/wrk/create_ticket.lua \
--       http://127.0.0.1:PORT/api/v1/tickets -- TOKEN BODY_TEMPLATE_FILE [LABEL [SEQ_BASE]]
--
-- BODY_TEMPLATE_FILE is the JSON body; each "{{n}}" in it becomes a number unique across
-- wrk's threads (thread k numbers from SEQ_BASE + k*10^8 + 1), so every ticket differs; give
-- each run its own SEQ_BASE to keep them unique across runs too. At the end the script prints the status counts and
-- one JSON line starting with {"tool":"wrk" (latency in ms, as wrk measured it).

local threads = {}

function setup(thread)
  thread:set("thread_no", #threads)
  table.insert(threads, thread)
end

function init(args)
  token = args[1] or ""
  local path = args[2]
  label = args[3] or ""
  local base = tonumber(args[4] or "0") or 0
  local f = path and io.open(path, "rb")
  if not f then
    io.stderr:write("create_ticket.lua: cannot read body template '" .. tostring(path) .. "'\n")
    os.exit(2)
  end
  template = f:read("*a")
  f:close()
  -- Numbers from different threads never collide: thread k uses base + k*10^8 + 1, 2, ...
  seq = base + thread_no * 100000000
  headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
  }
  statuses = {}
  sample = {}
end

function request()
  seq = seq + 1
  local body = template:gsub("{{n}}", function() return tostring(seq) end)
  return wrk.format("POST", nil, headers, body)
end

function response(status, hdrs, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if (status < 200 or status >= 300) and sample[key] == nil then
    sample[key] = string.sub(body or "", 1, 300)
  end
end

local function json_string(s)
  s = tostring(s or ""):gsub('[%c"\\]', function(c)
    if c == '"' then return '\\"' elseif c == "\\" then return "\\\\" end
    return string.format("\\u%04x", string.byte(c))
  end)
  return '"' .. s .. '"'
end

function done(summary, latency, requests)
  local total = {}
  local samples = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses") or {}) do total[k] = (total[k] or 0) + v end
    for k, v in pairs(t:get("sample") or {}) do samples[k] = samples[k] or v end
  end
  local ok, bad, parts, sparts = 0, 0, {}, {}
  for k, v in pairs(total) do
    local s = tonumber(k)
    if s >= 200 and s < 300 then ok = ok + v else bad = bad + v end
    table.insert(parts, string.format('"%s":%d', k, v))
  end
  for k, v in pairs(samples) do
    table.insert(sparts, string.format('"%s":%s', k, json_string(v)))
    io.write(string.format("sample %s: %s\n", k, v))
  end
  local label = threads[1] and threads[1]:get("label") or ""
  local e = summary.errors
  local io_errors = e.connect + e.read + e.write + e.timeout
  local secs = summary.duration / 1e6
  local function ms(us) return us / 1000.0 end
  io.write(string.format("statuses: {%s}\n", table.concat(parts, ",")))
  io.write(string.format(
    '{"tool":"wrk","label":%s,"mode":"saturation","duration_s":%.3f,"sent":%d,"ok":%d,' ..
    '"errors":%d,"status_counts":{%s},"error_samples":{%s},' ..
    '"io_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},"achieved_rps":%.3f,' ..
    '"latency_from":"sent","latency_ms":{"p50":%.3f,"p90":%.3f,"p99":%.3f,"p99_9":%.3f,' ..
    '"max":%.3f,"mean":%.3f}}\n',
    json_string(label), secs, summary.requests, ok, bad + io_errors, table.concat(parts, ","),
    table.concat(sparts, ","), e.connect, e.read, e.write, e.timeout, ok / secs,
    ms(latency:percentile(50)), ms(latency:percentile(90)), ms(latency:percentile(99)),
    ms(latency:percentile(99.9)), ms(latency.max), ms(latency.mean)))
end
