import { useIntl } from 'react-intl';
import { TriageWorkspace } from './TriageWorkspace.js';

/** Every cached healing log, newest first, in any state. */
export function AllLogsPage() {
  const intl = useIntl();
  return <TriageWorkspace label={intl.formatMessage({ id: 'logs.all.label' })} sort="newest" emptyView={intl.formatMessage({ id: 'logs.all.empty' })} />;
}
