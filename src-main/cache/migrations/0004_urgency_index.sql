-- The review queue's order (most severe, then oldest, then least confident) as an index walk: a page
-- deep in a 100,000-row queue reads index entries only, and a severity filter (by rank) too.
CREATE INDEX healing_logs_urgency_idx ON healing_logs (status, severity_rank DESC, created_at ASC, confidence ASC, id);
