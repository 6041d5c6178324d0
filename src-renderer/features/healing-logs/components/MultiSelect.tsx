import { useId } from 'react';

interface MultiSelectProps<T extends string> {
  label: string;
  testId: string;
  options: readonly T[];
  value: readonly T[];
  onChange(value: T[]): void;
}

/** A compact "any of" filter: a disclosure with one labelled checkbox per option. */
export function MultiSelect<T extends string>({ label, testId, options, value, onChange }: MultiSelectProps<T>) {
  const id = useId();
  const summary = value.length === 0 ? 'any' : value.length <= 2 ? value.join(', ').replaceAll('_', ' ') : `${value.length} chosen`;
  return (
    <details className="multi-select" data-testid={testId}>
      <summary aria-describedby={`${id}-value`}>
        {label}: <span id={`${id}-value`}>{summary}</span>
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
            {option.replaceAll('_', ' ')}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
