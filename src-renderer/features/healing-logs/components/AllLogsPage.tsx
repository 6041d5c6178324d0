import { TriageWorkspace } from './TriageWorkspace.js';

/** Every cached healing log, newest first, in any state. */
export function AllLogsPage() {
  return (
    <TriageWorkspace
      label="All cached healing logs"
      sort="newest"
      emptyView="No logs are cached yet. They appear as soon as the first sync brings them in."
    />
  );
}
