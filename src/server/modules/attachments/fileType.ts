/**
 * What a file is, read from its bytes, never from its name (#16 item 7): the kinds a project office
 * keeps — agreements and reports (PDF, Word, Excel, old and new) and photos (JPEG, PNG, WebP).
 * Anything else is refused; the name people download it by takes the extension of what it is.
 */
export interface FileType {
  mime: string;
  ext: string;
}

const starts = (buf: Buffer, bytes: number[], at = 0) => bytes.every((b, i) => buf[at + i] === b);

export function fileTypeOf(buf: Buffer): FileType | null {
  if (starts(buf, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { mime: 'application/pdf', ext: 'pdf' };
  if (starts(buf, [0xff, 0xd8, 0xff])) return { mime: 'image/jpeg', ext: 'jpg' };
  if (starts(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: 'image/png', ext: 'png' };
  if (starts(buf, [0x52, 0x49, 0x46, 0x46]) && starts(buf, [0x57, 0x45, 0x42, 0x50], 8))
    return { mime: 'image/webp', ext: 'webp' };
  // Office Open XML is a zip whose entries name the application: word/ or xl/.
  if (starts(buf, [0x50, 0x4b, 0x03, 0x04])) {
    const head = buf.subarray(0, Math.min(buf.length, 64 * 1024)).toString('latin1');
    if (!head.includes('[Content_Types].xml')) return null;
    if (head.includes('word/'))
      return { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx' };
    if (head.includes('xl/'))
      return { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx' };
    return null;
  }
  // The old binary Office formats (OLE compound files): Word or Excel by their stream names.
  if (starts(buf, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    const text = buf.toString('utf16le');
    if (text.includes('WordDocument')) return { mime: 'application/msword', ext: 'doc' };
    if (text.includes('Workbook') || text.includes('Book'))
      return { mime: 'application/vnd.ms-excel', ext: 'xls' };
    return null;
  }
  return null;
}

export const isImage = (mime: string) => mime.startsWith('image/');

/**
 * A name safe to store and to send back: no path, no control or reserved characters, at most 100
 * characters, ending in the extension of what the file is.
 */
export function safeFileName(name: string, type: FileType): string {
  const base =
    name
      .split(/[\\/]/)
      .pop()!
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
      .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
      .replace(/\.[^.]*$/, '')
      .trim()
      .slice(0, 90) || '附件';
  return `${base}.${type.ext}`;
}
