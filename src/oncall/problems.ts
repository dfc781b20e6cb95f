import { AppError } from '../platform/http/errors.ts';

/**
 * Validation problems with the field they concern, in the convention of the mitigation
 * settings (`settingsProblems`): `error.details` is a list of `path: message` strings, the path
 * in the request body's dotted/indexed spelling (`layers[1].name`), and `error.message` joins
 * them. The console (ui/src/field-errors.ts) shows each message beside its field.
 */
export class Problems {
  readonly list: string[] = [];
  add(path: string, message: string) {
    this.list.push(`${path}: ${message}`);
    return this;
  }
  /** Throws validation_failed carrying every problem found so far, if any. */
  check() {
    if (this.list.length) throw invalid(this.list);
  }
}

export const invalid = (problems: readonly string[]) =>
  new AppError('validation_failed', problems.join('; '), [...problems]);

/** One problem with one field, thrown at once. */
export const fieldError = (path: string, message: string) => invalid([`${path}: ${message}`]);
