-- POST /api/v1/responses with a fresh UUID 4 per request (a family's answers to the demo link).
-- wrk runs in benchmarks/, so the shared report is found beside this file.
dofile("wrk_report.lua")
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
end

function init(args)
  math.randomseed(os.time() * 1000 + thread_id)
end

local function uuid4()
  return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function (c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end

local body = '{"id": "%s", "link": "demo", "language": "nl", "answers": {' ..
  '"children_age": ["3-5", "6-9"], "children_count": 2, "home_languages": ["nl"], ' ..
  '"offer_used": ["play_leisure"], "offer_missed": ["nothing"], "reachable": 4, ' ..
  '"available": 3, "affordable": 2, "understandable": 5, "usable": 4, "childcare_used": false, ' ..
  '"first_question_to": "school", "information_channel": ["school", "paper"], ' ..
  '"better_neighbourhood": "meer speelpleintjes en veilig oversteken"}}'

function request()
  return wrk.format("POST", "/api/v1/responses", {["Content-Type"] = "application/json"},
                    string.format(body, uuid4()))
end
