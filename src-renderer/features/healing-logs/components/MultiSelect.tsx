import { FormattedMessage, useIntl } from 'react-intl';
import { useId } from 'react';

interface MultiSelectProps<T extends string> {
  label: string;
  testId: string;
  options: readonly T[];
  value: readonly T[];
  onChange(value: T[]): void;
  /** An option in the reader's words; without it the option is data, shown as it is (platform names). */
  optionLabel?: (option: T) => string;
  /** What "no option chosen" reads as for this filter (its word agrees with the label in French). */
  anyText: string;
}

/** A compact "any of" filter: a disclosure with one labelled checkbox per option. */
export function MultiSelect<T extends string>({ label, testId, options, value, onChange, optionLabel, anyText }: MultiSelectProps<T>) {
  const intl = useIntl();
  const id = useId();
  const named = (option: T) => (optionLabel ? optionLabel(option) : option);
  const summary =
    value.length === 0
      ? anyText
      : value.length <= 2
        ? intl.formatList(value.map(named), { type: 'unit' })
        : intl.formatMessage({ id: 'logs.filter.chosen' }, { count: value.length });
  return (
    <details className="multi-select" data-testid={testId}>
      <summary aria-describedby={`${id}-value`}>
        <FormattedMessage
          id="logs.filter.summary"
          values={{
            label,
            value: (
              <span id={`${id}-value`} data-i18n-data={!optionLabel && value.length > 0 && value.length <= 2 ? '' : undefined}>
                {summary}
              </span>
            ),
          }}
        />
      </summary>
      <fieldset>
        <legend className="visually-hidden">{label}</legend>
        {options.map((option) => (
          <label key={option} className="checkbox">
            <input
              type="checkbox"
              data-testid={`${testId}-${option}`}
              checked={value.includes(option)}
              onChange={(event) => onChange(event.target.checked ? options.filter((o) => o === option || value.includes(o)) : value.filter((v) => v !== option))}
            />
            {optionLabel ? optionLabel(option) : <span data-i18n-data>{option}</span>}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
