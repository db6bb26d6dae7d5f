import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileTypeOf, safeFileName } from './fileType.js';

const fixture = (path: string) => readFileSync(join(import.meta.dirname, path));

describe('a file is what its bytes say', () => {
  it('knows documents and photos, whatever their names', () => {
    expect(fileTypeOf(Buffer.from('%PDF-1.4\n…'))?.ext).toBe('pdf');
    expect(fileTypeOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]))?.mime).toBe('image/jpeg');
    expect(fileTypeOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))?.mime).toBe(
      'image/png',
    );
    expect(fileTypeOf(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'))?.mime).toBe('image/webp');
    // What LibreOffice writes: xlsx (a zip naming xl/) and the old binary xls.
    expect(fileTypeOf(fixture('../imports/fixtures/libreoffice-county-ledger.xlsx'))?.ext).toBe('xlsx');
    expect(fileTypeOf(fixture('fixtures/libreoffice.xls'))?.ext).toBe('xls');
  });

  it('refuses what it does not know: programs, scripts, other zips, text', () => {
    expect(fileTypeOf(Buffer.from('MZ\x90\x00\x03', 'latin1'))).toBeNull();
    expect(fileTypeOf(Buffer.from('<script>alert(1)</script>'))).toBeNull();
    expect(fileTypeOf(Buffer.from('PK\x03\x04 some.txt', 'latin1'))).toBeNull();
    expect(fileTypeOf(Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt ', 'latin1'))).toBeNull();
    expect(fileTypeOf(Buffer.alloc(0))).toBeNull();
  });

  it('gives a safe name with the extension of what the file is', () => {
    const png = { mime: 'image/png', ext: 'png' };
    expect(safeFileName('../../etc/passwd', png)).toBe('passwd.png');
    expect(safeFileName('C:\\Users\\照片 1.exe', png)).toBe('照片 1.png');
    expect(safeFileName('a<b>:"|?*.jpg', png)).toBe('ab.png');
    expect(safeFileName('\u0000\u001f', png)).toBe('附件.png');
    expect(safeFileName('很长'.repeat(80), png)).toHaveLength(94);
  });
});
