import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { EncryptedString, isEncryptedString } from './encrypted-string';
import { Vault } from './vault';

/** A collection holding vault ciphertext, as registered by the module that owns it. */
export interface EncryptedCollection {
  collection: string;
  fields: readonly string[];
  /** The additional authenticated data each field was sealed with. */
  context(documentId: unknown, field: string): string;
}

export interface RotationReport {
  scanned: number;
  rotated: number;
  alreadyCurrent: number;
  /** Changed by someone else while we worked; picked up by the next run. */
  conflicts: number;
  failed: Array<{ collection: string; id: string; reason: string }>;
}

/**
 * Re-encrypts every registered secret under the current key. Each document is rewritten by one
 * conditional single-document update (only if its ciphertext is still what was read), so a run can
 * stop anywhere — every value is then under the old or the new key, both readable — and running
 * it again finishes the job; a finished run rotates nothing.
 */
@Injectable()
export class VaultRotationService {
  private readonly logger = new Logger('VaultRotation');
  private readonly registry: EncryptedCollection[] = [];

  constructor(
    private readonly vault: Vault,
    @InjectConnection() private readonly connection: Connection,
  ) {}

  register(collection: EncryptedCollection): void {
    if (!this.registry.some((entry) => entry.collection === collection.collection)) this.registry.push(collection);
  }

  get collections(): readonly EncryptedCollection[] {
    return this.registry;
  }

  async rotate(options: { maxDocuments?: number } = {}): Promise<RotationReport> {
    const report: RotationReport = { scanned: 0, rotated: 0, alreadyCurrent: 0, conflicts: 0, failed: [] };
    for (const entry of this.registry) {
      const cursor = this.connection.collection(entry.collection).find({}, { projection: Object.fromEntries(entry.fields.map((field) => [field, 1])) });
      for await (const document of cursor) {
        if (options.maxDocuments !== undefined && report.rotated >= options.maxDocuments) {
          await cursor.close();
          return report;
        }
        report.scanned += 1;
        await this.rotateDocument(entry, document, report);
      }
    }
    this.logger.log(`rotation finished: ${JSON.stringify({ ...report, failed: report.failed.length })}`);
    return report;
  }

  private async rotateDocument(entry: EncryptedCollection, document: Record<string, unknown>, report: RotationReport): Promise<void> {
    const stale = entry.fields.filter((field) => isEncryptedString(document[field]) && this.vault.needsRotation(document[field] as EncryptedString));
    if (stale.length === 0) {
      report.alreadyCurrent += 1;
      return;
    }
    const updates: Record<string, string> = {};
    try {
      for (const field of stale) updates[field] = this.vault.reencrypt(document[field] as EncryptedString, entry.context(document._id, field));
    } catch (error) {
      report.failed.push({ collection: entry.collection, id: String(document._id), reason: error instanceof Error ? error.message : String(error) });
      return;
    }
    const unchanged = Object.fromEntries(stale.map((field) => [field, document[field]]));
    const result = await this.connection.collection(entry.collection).updateOne({ _id: document._id, ...unchanged } as never, { $set: updates });
    if (result.modifiedCount === 1) report.rotated += 1;
    else report.conflicts += 1;
  }
}
