import { describe, expect, it } from 'vitest';
import { parseShellArguments } from './cli.js';
import { APP_DATA_NAME, defaultDataDir } from '../shell-common/data-dir.js';
import { browserCommand } from './open-browser.js';

describe('the browser shell’s command line', () => {
  it('defaults to the preferred port, opening a browser, in the shared data folder', () => {
    expect(parseShellArguments([])).toEqual({ port: null, open: true, dataDir: defaultDataDir(), simulator: true, demo: false });
  });

  it('takes --port (0 for any free port), --no-open, --data-dir, --no-simulator and --demo', () => {
    expect(parseShellArguments(['--port', '0', '--no-open', '--data-dir', '/tmp/console', '--no-simulator', '--demo'])).toEqual({
      port: 0,
      open: false,
      dataDir: '/tmp/console',
      simulator: false,
      demo: true,
    });
    expect(parseShellArguments(['--port=8080'])).toMatchObject({ port: 8080, open: true });
    expect(parseShellArguments(['--help'])).toBe('help');
  });

  it('refuses a port that is not a port, and unknown options, with a message naming them', () => {
    expect(() => parseShellArguments(['--port', 'abc'])).toThrow(/--port must be a number from 0 to 65535, not "abc"/);
    expect(() => parseShellArguments(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseShellArguments(['--port', '-1'])).toThrow();
    expect(() => parseShellArguments(['--open-sesame'])).toThrow(/open-sesame/);
  });
});

describe('opening the browser', () => {
  const url = 'http://127.0.0.1:4380/#secret=abc';

  it('uses the platform’s opener', () => {
    expect(browserCommand(url, 'darwin', {})).toEqual({ command: 'open', args: [url] });
    expect(browserCommand(url, 'linux', { DISPLAY: ':0' })).toEqual({ command: 'xdg-open', args: [url] });
    expect(browserCommand(url, 'win32', {})).toEqual({ command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] });
  });

  it('does nothing under CI or on a Linux machine without a graphical session', () => {
    expect(browserCommand(url, 'darwin', { CI: 'true' })).toBeNull();
    expect(browserCommand(url, 'linux', {})).toBeNull();
  });
});

describe('the default data folder', () => {
  it('is MOLAM_DATA_DIR when set, else the per-user folder the desktop console uses', () => {
    expect(defaultDataDir('linux', { MOLAM_DATA_DIR: '/data/console' })).toBe('/data/console');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/home/ops/.config' })).toBe(`/home/ops/.config/${APP_DATA_NAME}`);
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\ops\\AppData\\Roaming' })).toContain(APP_DATA_NAME);
  });
});
