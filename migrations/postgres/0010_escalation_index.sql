-- The escalation policy's sweep: open problems by level, priority and deadline.
CREATE INDEX problems_open_level_due ON problems(level, priority, due_at) WHERE state = 'open';
-- The queue by deadline (`sort=due`), a console's watch on the deadlines about to pass.
CREATE INDEX problems_due ON problems(due_at, id);
CREATE INDEX problems_unresolved_due_at ON problems(due_at, id) WHERE state <> 'resolved';
