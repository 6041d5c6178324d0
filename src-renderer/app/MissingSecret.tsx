import { FormattedMessage } from 'react-intl';

/** Shown in a browser tab opened without the launch secret: the socket would refuse it. */
export function MissingSecret() {
  return (
    <div className="missing-secret" data-testid="app-root" data-app-state="missing-secret">
      <h1>
        <FormattedMessage id="app.missingSecret.title" />
      </h1>
      <p>
        <FormattedMessage id="app.missingSecret.body" values={{ code: (chunks) => <code translate="no">{chunks}</code> }} />
      </p>
    </div>
  );
}
