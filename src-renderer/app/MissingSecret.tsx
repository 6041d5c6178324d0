/** Shown in a browser tab opened without the launch secret: the socket would refuse it. */
export function MissingSecret() {
  return (
    <div className="missing-secret" data-testid="app-root" data-app-state="missing-secret">
      <h1>Open the console from its address</h1>
      <p>
        This page needs the address that <code>npm run web</code> printed when it started: it carries a secret for this
        launch. Copy that whole address into the browser.
      </p>
    </div>
  );
}
