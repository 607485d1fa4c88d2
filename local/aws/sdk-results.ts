/**
 * Types of what Step Functions' service integrations hand a state, derived from the AWS SDK v3
 * output types, so that a stand-in (local run, test fakes) that misspells a member or answers
 * an enum value the model lacks fails `tsc`. Type-only: nothing here runs.
 */

/**
 * A part of the answer for SDK output type `T`, as the state sees it: member names in PascalCase
 * (the aws-sdk integrations spell camelCase models, e.g. Step Functions', that way), timestamps
 * as JSON text, every member optional (a stand-in answers only what the states read).
 */
export type SdkResultPart<T> = T extends Date
  ? string
  : T extends ReadonlyArray<infer Item>
    ? Array<SdkResultPart<Item>>
    : T extends string | number | boolean | Uint8Array
      ? T
      : T extends object
        ? { [K in keyof T as K extends string ? Capitalize<K> : never]?: SdkResultPart<Exclude<T[K], undefined>> }
        : T;

/**
 * `true` when every member of `T` is a member of `Model` with a type `Model` allows; otherwise a
 * message naming the members the model lacks. Use with {@link Assert} on a stand-in's interface.
 */
export type ModelledBy<T, Model> = [Exclude<keyof T, keyof Model>] extends [never]
  ? T extends Model
    ? true
    : 'a member has a type (or enum value) the model does not allow'
  : `not in the model: ${Exclude<keyof T, keyof Model> & string}`;

/** Compiles only when `T` is `true`. */
export type Assert<T extends true> = T;
