-- Secondary indexes set aside while a large initial sync bulk-loads a table (rebuilding an index
-- once is cheaper than maintaining it row by row); they are recreated from here when it ends.
CREATE TABLE deferred_indexes (
  name TEXT PRIMARY KEY,
  sql  TEXT NOT NULL
);
