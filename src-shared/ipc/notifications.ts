import { z } from 'zod';

/** The longest title and body a desktop alert carries (longer text is cut with an ellipsis first). */
export const ALERT_TITLE_MAX = 120;
export const ALERT_BODY_MAX = 400;

/**
 * Plain text for the OS: no control characters and no angle brackets, so no notification server
 * that renders markup (some Linux ones do) can turn a plugin's error text into a tag or a link.
 */
const PlainText = (max: number, pattern: RegExp, what: string) => z.string().min(1).max(max).regex(pattern, what);
// eslint-disable-next-line no-control-regex
const ONE_LINE = /^[^<>\u0000-\u001f\u007f]*$/;
// eslint-disable-next-line no-control-regex
const LINES = /^[^<>\u0000-\u0009\u000b-\u001f\u007f]*$/;

/** A desktop alert as the main process hands it to the OS. Clicking it only brings the console forward. */
export const DesktopAlertSchema = z.strictObject({
  title: PlainText(ALERT_TITLE_MAX, ONE_LINE, 'one line of plain text, without angle brackets'),
  body: PlainText(ALERT_BODY_MAX, LINES, 'plain text lines, without control characters or angle brackets'),
});
export type DesktopAlert = z.infer<typeof DesktopAlertSchema>;

/**
 * Who announces new high and critical items waiting for review. `main`: the desktop app's main
 * process shows them itself from what sync brings in (the page must not announce them again);
 * `supported` is false where the OS has no notification service. `renderer`: the page uses the
 * web Notification API when the user allows it (browser shell).
 */
export const NotificationsStatusSchema = z.discriminatedUnion('shownBy', [
  z.object({ shownBy: z.literal('main'), supported: z.boolean() }),
  z.object({ shownBy: z.literal('renderer') }),
]);
export type NotificationsStatus = z.infer<typeof NotificationsStatusSchema>;

/** The language the main process words its alerts and dialogs in: the renderer's choice, or the system's. */
export const MainLanguageChoiceSchema = z.enum(['system', 'en', 'fr']);

/** How desktop alerts reach the user in this shell, and in which language main words them. */
export const NOTIFICATIONS_CHANNELS = {
  'ops:notifications.status': { request: z.strictObject({}), response: NotificationsStatusSchema },
  /** The renderer's language changed (or the window opened): main speaks it from now on; answers the language in force. */
  'ops:notifications.setLanguage': {
    request: z.strictObject({ language: MainLanguageChoiceSchema }),
    response: z.strictObject({ language: z.enum(['en', 'fr']) }),
  },
} as const;
