import { describe, expect, it } from 'vitest';
import { visible } from './visible';

describe('visible', () => {
  it('shows whitespace but keeps hex groups intact', () => {
    expect(visible(' a\tb\n')).toBe('·a→b↵');
    expect(visible('<E4 B8> x')).toBe('<E4 B8>·x');
    expect(visible('a <b> c')).toBe('a·<b>·c');
  });
});
