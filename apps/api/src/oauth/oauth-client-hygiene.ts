import { mongo } from 'mongoose';
import { OAUTH_CLIENTS, OAUTH_GRANTS, OAUTH_REGISTRATION_ACCESS_TOKENS, OAuthStoredDocument, revokeGrants } from './oauth-store';
import { LOOPBACK_HOSTS } from './redirect-uri-policy';

/**
 * Keeping dynamic registrations from piling up. MCP clients register a new client freely (Claude
 * Code on every reconnect, any client whose user gives up halfway), so:
 * - a registration that never completed a grant is deleted after a while (`purgeUnusedClients`);
 * - when a user's new connection first gets tokens, that user's earlier connections of the same
 *   client software to the same team end, and the earlier clients left without grants go
 *   (`replaceEarlierConnections`), so Connected apps lists one entry per app.
 * Pre-registered team clients (`gantry_team_id`) are the team's own and are never touched here.
 */

/** Clients Gantry may delete on its own: those from dynamic registration, not those an admin created for a team. */
const DYNAMIC_CLIENT: mongo.Filter<OAuthStoredDocument> = { 'payload.gantry_team_id': { $exists: false } };
/** Clients whose grants are looked up in one query. */
const CHECK_BATCH = 500;

export interface ConnectionReplacement {
  grantsRevoked: number;
  clientsDeleted: number;
}

/** Records a client's first code exchange: from then on it has completed a grant and is not purged as unused. */
export async function markClientUsed(db: mongo.Db, clientId: string, now = new Date()): Promise<void> {
  await db.collection<OAuthStoredDocument>(OAUTH_CLIENTS).updateOne({ _id: clientId, firstGrantAt: { $exists: false } }, { $set: { firstGrantAt: now } });
}

/**
 * Deletes dynamically registered clients issued more than `ttlHours` before `now` that never
 * exchanged a code. One without the marker but with a grant still stored is kept too: the user
 * consented to it (and registrations from before the marker existed are recognised that way).
 * `ttlHours` 0 keeps every client. Returns how many clients went.
 */
export async function purgeUnusedClients(db: mongo.Db, ttlHours: number, now = new Date()): Promise<number> {
  if (ttlHours <= 0) return 0;
  const issuedBefore = Math.floor(now.getTime() / 1000) - ttlHours * 3600;
  const candidates = await db
    .collection<OAuthStoredDocument>(OAUTH_CLIENTS)
    .find({ ...DYNAMIC_CLIENT, firstGrantAt: { $exists: false }, 'payload.client_id_issued_at': { $lte: issuedBefore } }, { projection: { _id: 1 } })
    .toArray();
  // Every candidate is looked at, in batches: those kept for their grants must not hide the others.
  let removed = 0;
  for (let start = 0; start < candidates.length; start += CHECK_BATCH) {
    removed += await deleteClientsWithoutGrants(
      db,
      candidates.slice(start, start + CHECK_BATCH).map((client) => client._id),
    );
  }
  return removed;
}

/**
 * Called once the grant `grantId` has issued its first tokens. The same user's earlier grants in
 * the same team, to this client or to a dynamic client of the same software, are revoked (through
 * `revokeGrants`, so cached verifications of their tokens end at once); then those earlier clients
 * are deleted if no grant at all is left on them, whoever gave it. Only grants older than this one
 * are touched, so of two connections made at once the one consented last stays.
 */
export async function replaceEarlierConnections(
  db: mongo.Db,
  grantId: string,
  clientMetadata: Record<string, unknown>,
  onGrantDestroyed: (grantId: string) => void,
): Promise<ConnectionReplacement> {
  const none = { grantsRevoked: 0, clientsDeleted: 0 };
  if (typeof clientMetadata.gantry_team_id === 'string') return none;
  const grants = db.collection<OAuthStoredDocument>(OAUTH_GRANTS);
  const grant = await grants.findOne({ _id: grantId }, { projection: { payload: 1, gantry: 1 } });
  if (!grant?.gantry) return none;
  const clientId = String(grant.payload.clientId);
  const earlier = await grants
    .find(
      {
        _id: { $ne: grantId },
        'gantry.teamId': grant.gantry.teamId,
        'gantry.userId': grant.gantry.userId,
        'gantry.createdAt': { $lte: grant.gantry.createdAt },
      },
      { projection: { payload: 1 } },
    )
    .toArray();
  if (earlier.length === 0) return none;

  const sameSoftware = new Set([clientId]);
  const fingerprint = softwareFingerprint(clientMetadata);
  const otherClientIds = [...new Set(earlier.map((entry) => String(entry.payload.clientId)))].filter((id) => id !== clientId);
  if (fingerprint && otherClientIds.length > 0) {
    const others = await db
      .collection<OAuthStoredDocument>(OAUTH_CLIENTS)
      .find({ _id: { $in: otherClientIds }, ...DYNAMIC_CLIENT })
      .toArray();
    for (const other of others) if (softwareFingerprint(other.payload) === fingerprint) sameSoftware.add(other._id);
  }
  const replaced = earlier.filter((entry) => sameSoftware.has(String(entry.payload.clientId))).map((entry) => entry._id);
  if (replaced.length === 0) return none;
  const grantsRevoked = await revokeGrants(db, { _id: { $in: replaced } }, onGrantDestroyed);
  sameSoftware.delete(clientId);
  const clientsDeleted = await deleteClientsWithoutGrants(db, [...sameSoftware]);
  return { grantsRevoked, clientsDeleted };
}

/**
 * What makes two registrations "the same software": the same name, the same set of redirect URIs
 * and the same software_id (or none on both). Loopback redirect URIs are compared without their
 * port, which native clients pick anew on each run (RFC 8252; Gantry accepts any port for them at
 * authorization time too). A client without a name is never taken for another one.
 */
export function softwareFingerprint(metadata: Record<string, unknown>): string | null {
  const name = typeof metadata.client_name === 'string' ? metadata.client_name.trim() : '';
  if (!name) return null;
  const redirectUris = Array.isArray(metadata.redirect_uris) ? metadata.redirect_uris.filter((uri): uri is string => typeof uri === 'string') : [];
  const softwareId = typeof metadata.software_id === 'string' ? metadata.software_id : null;
  return JSON.stringify([name, [...new Set(redirectUris.map(withoutLoopbackPort))].sort(), softwareId]);
}

function withoutLoopbackPort(uri: string): string {
  try {
    const parsed = new URL(uri);
    if (parsed.protocol !== 'http:' || !LOOPBACK_HOSTS.has(parsed.hostname.toLowerCase())) return uri;
    parsed.port = '';
    return parsed.href;
  } catch {
    return uri;
  }
}

/** Deletes those of `clientIds` that are dynamic and have no grant left, with their registration access tokens. */
async function deleteClientsWithoutGrants(db: mongo.Db, clientIds: string[]): Promise<number> {
  if (clientIds.length === 0) return 0;
  const granted = await db
    .collection<OAuthStoredDocument>(OAUTH_GRANTS)
    .find({ 'payload.clientId': { $in: clientIds } }, { projection: { payload: 1 } })
    .toArray();
  const keep = new Set(granted.map((grant) => String(grant.payload.clientId)));
  const removable = clientIds.filter((id) => !keep.has(id));
  if (removable.length === 0) return 0;
  const removed = await db.collection<OAuthStoredDocument>(OAUTH_CLIENTS).deleteMany({ _id: { $in: removable }, ...DYNAMIC_CLIENT });
  await db.collection<OAuthStoredDocument>(OAUTH_REGISTRATION_ACCESS_TOKENS).deleteMany({ 'payload.clientId': { $in: removable } });
  return removed.deletedCount;
}
