import { describe, expect, it } from 'vitest';
import { pack, unpack } from '../../bot/callback-data.js';

describe('typed callback data', () => {
  it('packs short and unpacks to the same action and typed arguments', () => {
    const data = pack('slotToggle', 123456789, 987654321);
    expect(data).toBe('st:123456789:987654321');
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(unpack(data)).toEqual({ action: 'slotToggle', args: [123456789, 987654321] });
    expect(unpack(pack('register', 7, 'voter'))).toEqual({ action: 'register', args: [7, 'voter'] });
    expect(unpack(pack('menu'))).toEqual({ action: 'menu', args: [] });
  });

  it('refuses anything that is not exactly an action of this version', () => {
    for (const forged of ['', 'zz:1', 'cd', 'cd:1:2', 'cd:-1', 'cd:1e3', 'rg:1:admin', 'lg:de', 'cd:9999999999999999']) {
      expect(unpack(forged)).toBeNull();
    }
  });

  it('takes ids within the 32-bit id columns only: a larger one names no row', () => {
    expect(unpack('cd:2147483647')).toEqual({ action: 'competition', args: [2147483647] });
    expect(unpack('cd:0002147483647')).toBeNull();
    for (const past of ['cd:2147483648', 'cd:999999999999999', 'mr:2147483648', 'tk:99999999999', 'st:1:4294967296', 'at:2147483648:0:yes']) {
      expect(unpack(past), past).toBeNull();
    }
  });
});
