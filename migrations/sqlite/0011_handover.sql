-- The shift handover (GET /handover, issue 10): a window of the timeline read by time and by
-- actor ("what this desk did"), each a range on an index instead of a scan of every event; the
-- problems whose SLA deadline fell in the window use 0010's problems_due.
CREATE INDEX problem_events_at ON problem_events(at, seq);
CREATE INDEX problem_events_actor ON problem_events(actor, at);
