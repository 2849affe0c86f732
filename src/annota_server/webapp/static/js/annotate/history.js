// Undo and redo as snapshots of the shape array. Shapes are immutable, so a snapshot is a shallow
// copy of the array and costs one pointer per shape, not a deep copy.

const LIMIT = 200;

export class History {
  constructor() {
    this.past = [];
    this.future = [];
  }

  /** Remember `state` before an edit; a new edit forgets what was undone. */
  push(state) {
    this.past.push(state);
    if (this.past.length > LIMIT) this.past.shift();
    this.future = [];
  }

  /** The state to go back to from `current`, or null. */
  undo(current) {
    if (!this.past.length) return null;
    this.future.push(current);
    return this.past.pop();
  }

  /** The state to go forward to from `current`, or null. */
  redo(current) {
    if (!this.future.length) return null;
    this.past.push(current);
    return this.future.pop();
  }

  clear() {
    this.past = [];
    this.future = [];
  }
}
