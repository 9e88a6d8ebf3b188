/**
 * Turning client input into stored facts: validate, then derive the occurrence bounds. Corrections
 * go through the same door: patch the fact WITHOUT its derived fields, validate the result again,
 * derive again. So derived fields are never written by a client, directly or by patch.
 */
import { applyOperation, deepClone } from 'fast-json-patch';
import { completeOccurrence, occurrenceInput } from './edtf';
import type { Fact, FactDataByType, FactInput, FactType } from './facts';
import type { JsonPatchOperation } from './item-events';
import { validateFactData, type FieldIssue } from './validation';

export type FactOutcome<T extends FactType = FactType> =
  | { readonly ok: true; readonly fact: FactDataByType[T] }
  | { readonly ok: false; readonly issues: readonly FieldIssue[] };

/** Validates input data of `type` and returns the fact to store, with derived occurrence. */
export function factFromInput<T extends FactType>(
  type: T,
  data: unknown,
  root = 'data',
): FactOutcome<T> {
  const issues = validateFactData(type, data, root);
  if (issues.length > 0) return { ok: false, issues };
  const input = data as FactInput;
  const fact = { ...deepClone(input), occurred: completeOccurrence(input.occurred) };
  return { ok: true, fact: fact as FactDataByType[T] };
}

/** Largest fact a correction may produce: no body that records a fact can be larger. */
export const MAX_FACT_BYTES = 256 * 1024;

function tooLarge(document: unknown): boolean {
  return Buffer.byteLength(JSON.stringify(document) ?? '') > MAX_FACT_BYTES;
}

/** The input form of a stored fact: what correction patches are applied to. */
export function factToInput(fact: Fact): FactInput {
  return { ...deepClone(fact), occurred: occurrenceInput(fact.occurred) } as FactInput;
}

/**
 * Applies a correction patch to a stored fact and returns the corrected fact, or the issues: a
 * patch that does not fit the document is reported on `<patchField>`, an invalid result on the
 * paths of the resulting data (`data.…`).
 */
export function correctFact<T extends FactType>(
  type: T,
  fact: FactDataByType[T],
  patch: readonly JsonPatchOperation[],
  patchField = 'body.patch',
): FactOutcome<T> {
  // Operation by operation: fast-json-patch loses the failing index for unresolvable paths.
  let patched: unknown = factToInput(fact);
  for (const [index, operation] of patch.entries()) {
    const field = `${patchField}[${index}]`;
    try {
      patched = applyOperation(patched, deepClone(operation), true, true, true, index).newDocument;
    } catch (error) {
      // Every refusal is the patch's fault: fast-json-patch throws TypeErrors too (a __proto__
      // path, a move into the value's own child), which must not become a 500.
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      return {
        ok: false,
        issues: [{ field, message: `${operation.op} ${operation.path}: ${message}` }],
      };
    }
    // Checked after each growing op, so a patch copying a list into itself (2^n) stops early.
    if (operation.op !== 'remove' && operation.op !== 'test' && tooLarge(patched)) {
      return {
        ok: false,
        issues: [
          {
            field,
            message: `${operation.op} ${operation.path}: the corrected fact would exceed ${MAX_FACT_BYTES / 1024} KB`,
          },
        ],
      };
    }
  }
  return factFromInput(type, patched);
}
