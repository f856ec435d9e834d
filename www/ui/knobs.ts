// Form controls that write straight into a page's link state: a select over
// offered values, a bounded number and a checkbox. Every training lab builds
// its knobs from these, so a knob looks and behaves the same everywhere.
import { h } from './dom';

type Value = string | number | boolean;

/**
 * A `<select>` over `options`, each shown as `labelOf` says; a link value
 * between them is offered too, shown as it is.
 */
export function select<S extends Record<string, Value>, K extends keyof S & string, O extends string | number>(
  state: S,
  key: K,
  options: readonly O[],
  label: string,
  onChange: (patch: Partial<S>) => void,
  labelOf: (v: O) => string = String,
  prefix = 'k',
): HTMLElement {
  const id = `${prefix}-${key}`;
  const current = String(state[key]);
  const choices = options.map((o) => h('option', { value: o, selected: String(o) === current }, labelOf(o)));
  if (!options.some((o) => String(o) === current)) choices.push(h('option', { value: current, selected: true }, current));
  const input = h('select', { id, 'data-knob': key }, ...choices);
  input.addEventListener('change', () => {
    const raw = input.value;
    const value = typeof state[key] === 'number' ? Number(raw) : raw;
    onChange({ [key]: value } as Partial<S>);
  });
  return h('label', { class: 'field', for: id }, label, input);
}

/** A number input; out-of-range entries snap back to the current value. */
export function number<S extends Record<string, Value>, K extends keyof S & string>(
  state: S,
  key: K,
  label: string,
  attrs: { min: number; max: number; step: number | 'any' },
  onChange: (patch: Partial<S>) => void,
  prefix = 'k',
): HTMLElement {
  const id = `${prefix}-${key}`;
  const input = h('input', { id, type: 'number', 'data-knob': key, value: String(state[key]), ...attrs });
  input.addEventListener('change', () => {
    const value = Number(input.value);
    if (Number.isFinite(value) && value >= attrs.min && value <= attrs.max) onChange({ [key]: value } as Partial<S>);
    else input.value = String(state[key]);
  });
  return h('label', { class: 'field', for: id }, label, input);
}

/** A checkbox. */
export function check<S extends Record<string, Value>, K extends keyof S & string>(
  state: S,
  key: K,
  label: string,
  onChange: (patch: Partial<S>) => void,
  prefix = 'k',
): HTMLElement {
  const id = `${prefix}-${key}`;
  const input = h('input', { id, type: 'checkbox', 'data-knob': key, checked: Boolean(state[key]) });
  input.addEventListener('change', () => onChange({ [key]: input.checked } as Partial<S>));
  return h('label', { class: 'check', for: id }, input, label);
}

/**
 * A holder for a set of knobs that rebuilds them after each change (so a
 * knob that depends on another shows its new state) and passes the change
 * on.
 */
export function liveKnobs<S>(build: (onChange: (patch: Partial<S>) => void) => HTMLElement, onChange: (patch: Partial<S>) => void): { element: HTMLElement; refresh: () => void } {
  const element = h('div');
  // Removing a focused control whose value was edited makes the browser fire
  // its change (on blur) in the middle of the replacement; handled, it would
  // replace the knobs again inside the replacement, which throws. That late
  // edit is dropped: the state being drawn (a model file's, say) wins.
  let replacing = false;
  const refresh = () => {
    const fresh = build((patch) => {
      if (replacing) return;
      onChange(patch);
      refresh();
    });
    replacing = true;
    try {
      element.replaceChildren(fresh);
    } finally {
      replacing = false;
    }
  };
  refresh();
  return { element, refresh };
}
