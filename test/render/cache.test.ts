// The picture cache: bounded by entries and by bytes, least recently used out first.
import { describe, expect, it } from 'vitest';
import { PictureCache } from '../../src/render/cache.js';

const entry = (bytes: number) => ({ data: new Uint8Array(bytes) });

describe('PictureCache', () => {
  it('keeps at most maxEntries, dropping the least recently used', () => {
    const cache = new PictureCache<{ data: Uint8Array }>(2, 1_000);
    const a = entry(1);
    cache.set('a', a);
    cache.set('b', entry(1));
    expect(cache.get('a')).toBe(a); // a is now the most recently used
    cache.set('c', entry(1));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(a);
    expect(cache.size).toBe(2);
  });

  it('keeps at most maxBytes, and counts a replaced entry once', () => {
    const cache = new PictureCache<{ data: Uint8Array }>(10, 100);
    cache.set('a', entry(60));
    cache.set('a', entry(50));
    expect(cache.totalBytes).toBe(50);
    cache.set('b', entry(40));
    expect(cache.totalBytes).toBe(90);
    cache.set('c', entry(30));
    expect(cache.get('a')).toBeUndefined();
    expect(cache.totalBytes).toBe(70);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.totalBytes).toBe(0);
  });

  it('keeps a single entry larger than the bound rather than nothing', () => {
    const cache = new PictureCache<{ data: Uint8Array }>(10, 100);
    cache.set('a', entry(10));
    cache.set('big', entry(500));
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('big')?.data.byteLength).toBe(500);
  });
});
