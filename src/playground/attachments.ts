// Files the user attaches to a command in the playground (attachment options, e.g. `/aesc-daily import file:`).
// Discord uploads them to its CDN and sends `data.resolved.attachments` with a download URL; here the page uploads to
// `POST /api/attachments` and the URL points back at the playground itself, so the handler downloads it exactly as it
// would from Discord, without leaving the machine. Kept in memory, newest 50.
import { randomInt } from 'node:crypto';
import type { APIAttachment } from 'discord-api-types/v10';

export const MAX_ATTACHMENT_BYTES = 1024 * 1024;
const KEPT = 50;

export interface StoredAttachment {
  attachment: APIAttachment;
  bytes: Buffer;
}

export interface AttachmentStore {
  add(filename: string, contentType: string, bytes: Buffer, origin: string): APIAttachment;
  get(id: string): StoredAttachment | undefined;
}

/** A file name as Discord keeps it: no path, no control characters, at most 100 characters. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = Array.from(base.normalize('NFC'))
    .filter((ch) => (ch.codePointAt(0) ?? 0) >= 0x20 && ch !== '\u007f')
    .join('')
    .trim()
    .slice(0, 100);
  return clean === '' || clean === '.' || clean === '..' ? 'file' : clean;
}

export function createAttachmentStore(): AttachmentStore {
  const files = new Map<string, StoredAttachment>();
  return {
    add(filename, contentType, bytes, origin) {
      const id = String(1_300_000_000_000_000_000n + BigInt(randomInt(1, 2 ** 47)));
      const name = cleanFilename(filename);
      const url = `${origin}/api/attachments/${id}/${encodeURIComponent(name)}`;
      const attachment: APIAttachment = {
        id,
        filename: name,
        size: bytes.length,
        url,
        proxy_url: url,
        content_type: contentType,
      };
      files.set(id, { attachment, bytes });
      while (files.size > KEPT) files.delete(files.keys().next().value as string);
      return attachment;
    },
    get: (id) => files.get(id),
  };
}
