-- wrk script: POST the JSON body in $BODY; with $DELAY_MS, each connection waits that long
-- between requests (10 connections x 10 ms = about 1,000 requests per second).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local file = assert(io.open(os.getenv("BODY"), "rb"))
wrk.body = file:read("*a")
file:close()
local pace = tonumber(os.getenv("DELAY_MS") or "0")
if pace > 0 then
  function delay() return pace end
end
