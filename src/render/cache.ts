// A small bounded cache of rendered pictures: the facts are static, so each picture is rendered once per content
// and locale and then served from memory. Least recently used entries go first when a bound is reached.

export class PictureCache<V extends { data: Uint8Array }> {
  private readonly entries = new Map<string, V>();
  private bytes = 0;

  constructor(
    readonly maxEntries = 128,
    readonly maxBytes = 32 * 1024 * 1024,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  get(key: string): V | undefined {
    const v = this.entries.get(key);
    if (v !== undefined) {
      // Map keeps insertion order: re-inserting marks the entry as the most recently used.
      this.entries.delete(key);
      this.entries.set(key, v);
    }
    return v;
  }

  set(key: string, value: V): void {
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.bytes -= old.data.byteLength;
      this.entries.delete(key);
    }
    this.entries.set(key, value);
    this.bytes += value.data.byteLength;
    for (const [k, v] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      if (k === key) continue;
      this.entries.delete(k);
      this.bytes -= v.data.byteLength;
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}
