import { spawn } from 'node:child_process';
import path from 'node:path';
import { Readable } from 'node:stream';

/** The uid/gid of the `odoo` user in the official Odoo images, so Odoo can write what Gantry puts in. */
export const ODOO_UID = 101;

/** A one-file ustar archive (for odoo.conf): 512-byte header, content padded to 512, two empty blocks. */
export function singleFileTar(name: string, content: string, mode = 0o640): Buffer {
  const body = Buffer.from(content, 'utf8');
  const header = Buffer.alloc(512, 0);
  const write = (text: string, offset: number, length: number) => header.write(text, offset, length, 'ascii');
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0') + '\0';
  write(name, 0, 100);
  write(octal(mode, 8), 100, 8);
  write(octal(ODOO_UID, 8), 108, 8);
  write(octal(ODOO_UID, 8), 116, 8);
  write(octal(body.length, 12), 124, 12);
  write(octal(Math.floor(Date.now() / 1000), 12), 136, 12);
  write('        ', 148, 8);
  write('0', 156, 1);
  write('ustar\u000000', 257, 8);
  let sum = 0;
  for (const byte of header) sum += byte;
  write(octal(sum, 7) + ' ', 148, 8);
  const padding = Buffer.alloc((512 - (body.length % 512)) % 512, 0);
  return Buffer.concat([header, body, padding, Buffer.alloc(1024, 0)]);
}

/** A directory as a tar stream (GNU tar), owned by the Odoo user, optionally renaming its top entry. */
export function directoryTar(cwd: string, entry: string, options: { rename?: string; exclude?: string[] } = {}): Readable {
  const args = ['-C', cwd, '-cf', '-', '--numeric-owner', `--owner=${ODOO_UID}`, `--group=${ODOO_UID}`];
  for (const pattern of options.exclude ?? []) args.push(`--exclude=${pattern}`);
  if (options.rename) args.push(`--transform=s,^${escapeSed(entry)},${escapeSed(options.rename)},`);
  args.push('--', entry);
  const child = spawn('tar', args, { stdio: ['ignore', 'pipe', 'ignore'] });
  return child.stdout;
}

/** Extracts a tar stream into `cwd`, dropping `strip` leading path components. */
export function extractTar(stream: Readable, cwd: string, strip = 0): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('tar', ['-C', cwd, '-xf', '-', '--no-same-owner', `--strip-components=${strip}`], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    stream.pipe(child.stdin);
    stream.on('error', reject);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar exited with ${code}: ${stderr.slice(0, 200)}`))));
  });
}

function escapeSed(value: string): string {
  if (!/^[A-Za-z0-9_./-]+$/.test(value)) throw new Error('unexpected characters in an archive path');
  return value.replace(/\./g, '\\.');
}

/** Where a template's filestore is kept on the Gantry server (keyed by the template's id, so renames do not move it). */
export function templateDir(config: { WORKSPACE_DATA_DIR: string }, templateId: string): string {
  if (!/^[a-f0-9]{24}$/.test(templateId)) throw new Error('invalid template id');
  return path.resolve(config.WORKSPACE_DATA_DIR, 'templates', templateId);
}
