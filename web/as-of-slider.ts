/**
 * The as-of slider: one step per recorded change to an item (from the first event to now; see
 * as-of-steps.ts). Each step asks the API for the timeline `asOf=position:<n>`, i.e. as it stood
 * right after that event; an evenly spaced step still answers exactly as of its position.
 */
import { loadMarks, marksNote, type Mark } from './as-of-steps';
import { byId, el, formatInstant } from './dom';

export type { Mark } from './as-of-steps';

export class AsOfSlider {
  private marks: readonly Mark[] = [];
  private readonly input = byId<HTMLInputElement>('as-of');
  private readonly output = byId<HTMLOutputElement>('as-of-output');

  constructor(onChange: (asOf: string) => void) {
    // `input` only updates the label (cheap); `change` (release, or each key press) reloads.
    this.input.addEventListener('input', () => this.describe());
    this.input.addEventListener('change', () => onChange(this.asOf()));
    byId('as-of-now').addEventListener('click', () => {
      this.input.value = this.input.max;
      this.describe();
      onChange('');
    });
  }

  /** Reads the steps (see loadMarks); without them the slider shows only now, and says why. */
  async load(): Promise<void> {
    try {
      const steps = await loadMarks();
      this.setMarks(steps.marks, marksNote(steps));
    } catch (error) {
      const why = (error as Error).message;
      this.setMarks([], `The recorded history could not be read (${why}): only now is shown.`);
    }
  }

  /** The steps; `note` says what they leave out (or why there are none), empty when nothing. */
  setMarks(marks: readonly Mark[], note = ''): void {
    const shown = byId('as-of-note');
    shown.textContent = note;
    shown.hidden = note === '';
    this.marks = marks;
    this.input.max = String(marks.length);
    byId('as-of-marks').replaceChildren(
      ...marks.map((m, i) => el('option', { value: String(i), label: m.label })),
    );
  }

  /**
   * Moves the thumb to the step showing `asOf`: the latest mark at or before `position`, the
   * position the API answered for it (an instant resolves to one), else the one `asOf` names.
   */
  show(asOf: string, position?: string): void {
    let index = this.marks.length;
    const at = position ?? /^position:(\d+)$/.exec(asOf)?.[1];
    if (asOf && at !== undefined) {
      index = this.marks.findLastIndex((m) => BigInt(m.position) <= BigInt(at));
    } else if (asOf) {
      index = this.marks.findLastIndex(
        (m) => m.recordedAt !== '' && m.recordedAt <= new Date(asOf).toISOString(),
      );
    }
    this.input.value = String(Math.max(index, 0));
    this.describe();
  }

  private asOf(): string {
    const mark = this.marks[Number(this.input.value)];
    return mark ? `position:${mark.position}` : '';
  }

  private describe(): void {
    const mark = this.marks[Number(this.input.value)];
    const text = !mark
      ? 'Now: the record as it stands today'
      : mark.recordedAt
        ? `As of ${formatInstant(mark.recordedAt)} (position ${mark.position}), after: ${mark.label}`
        : `As of ${mark.label} (even steps: the log is too long to list each change)`;
    this.output.textContent = text;
    this.input.setAttribute('aria-valuetext', text);
  }
}
