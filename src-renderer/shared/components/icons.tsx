/**
 * The console's symbols as inline SVG: a text glyph such as ⏳ or ⦚ is drawn only when the system
 * has a font with it, and shows as an empty box otherwise. Each icon takes the text colour and the
 * font size. An icon beside words that say the same is hidden from assistive technology; one that
 * stands alone gets `label`, its text alternative.
 */
const PATHS = {
  check: 'M3 8.5l3 3 7-7',
  cross: 'M4 4l8 8M12 4l-8 8',
  warning: 'M8 1.8l6.6 12.2H1.4z M8 6v4 M8 11.6v.8',
  hourglass: 'M4 1.5h8 M4 14.5h8 M4.5 1.5c0 3.5 7 3.5 7 6.5s-7 3-7 6.5 M11.5 1.5c0 3.5-7 3.5-7 6.5s7 3 7 6.5',
  pause: 'M5.5 3v10 M10.5 3v10',
  'triangle-up': 'M8 2.5l6 11H2z',
  circle: 'M8 2.5a5.5 5.5 0 1 0 0 11a5.5 5.5 0 1 0 0-11z',
} as const;

export type IconName = keyof typeof PATHS;

/** Shapes drawn filled (the rest are strokes). */
const FILLED = new Set<IconName>(['triangle-up']);

export function Icon({ name, label, filled, className }: { name: IconName; label?: string; filled?: boolean; className?: string }) {
  const solid = filled ?? FILLED.has(name);
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      viewBox="0 0 16 16"
      width="1em"
      height="1em"
      focusable="false"
      data-icon={name}
      {...(label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': true })}
    >
      <path
        d={PATHS[name]}
        fill={solid ? 'currentColor' : 'none'}
        stroke="currentColor"
        strokeWidth={solid ? 1 : 1.8}
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
