-- Open problems per assignee (an officer's or a department's load) without scanning them all.
CREATE INDEX problems_assignee ON problems(assignee_kind, assignee_id, state);
