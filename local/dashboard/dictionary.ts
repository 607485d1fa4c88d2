/** Index of each distinct string, in first-seen order: how the page writes repeated labels once. */
export class Dictionary {
  /** The strings by index. */
  readonly values: string[] = [];
  private readonly indexes = new Map<string, number>();

  /** The string's index, a new one when first seen. */
  index(value: string): number {
    let index = this.indexes.get(value);
    if (index === undefined) {
      index = this.values.length;
      this.values.push(value);
      this.indexes.set(value, index);
    }
    return index;
  }

  /** How many strings it holds. */
  get size(): number {
    return this.values.length;
  }
}
