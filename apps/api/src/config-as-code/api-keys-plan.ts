import { Injectable } from '@nestjs/common';
import { ConfigTeam } from '@gantry/contracts';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { sha256Hex } from '../common/secrets';
import { ConfigManagedObjects } from './config-managed-objects';
import { compareObject, deletion, PlanContext, PlannedChange, sortedOrNull } from './config-plan';

/** Static API keys: the key is the value of `key_env`; the database keeps its SHA-256 only, as for created keys. */
@Injectable()
export class ApiKeysPlan {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly managed: ConfigManagedObjects,
  ) {}

  async plan(context: PlanContext, slug: string, team: ConfigTeam): Promise<PlannedChange[]> {
    const teamId = context.teamIds.get(slug);
    const known = await this.managed.of('api_key', slug);
    const changes: PlannedChange[] = [];
    for (const [name, entry] of Object.entries(team.api_keys ?? {})) {
      const path = ['teams', slug, 'api_keys', name];
      const secret = context.loaded.secret(entry.key_env);
      const keyHash = sha256Hex(secret);
      const registered = known.get(name);
      const found = registered ? await this.keys.findStatic(registered) : null;
      const stored = found && found.teamId === teamId && !found.revoked ? found : null;
      const taken = stored?.keyHash === keyHash ? 'free' : await this.keys.keyHashState(keyHash);
      if (taken !== 'free') {
        // A revoked key stays revoked: someone ended it on purpose (it may have leaked).
        const problem = taken === 'revoked' ? 'was revoked in Gantry; put a new key there' : 'already belongs to another API key';
        context.problems.push(context.loaded.problemAt([...path, 'key_env'], `the key in ${entry.key_env} ${problem}`));
        continue;
      }
      const ownerEmail = stored ? ([...context.userIds].find(([, id]) => id === stored.userId)?.[0] ?? stored.userId) : null;
      const wanted = { owner: entry.owner, scopes: sortedOrNull(entry.scopes), tools: sortedOrNull(entry.tools), models: sortedOrNull(entry.models) };
      changes.push(
        compareObject(
          { kind: 'api_key', name: `teams.${slug}.api_keys.${name}`, team: slug },
          stored ? { owner: ownerEmail, scopes: sortedOrNull(stored.scopes), tools: sortedOrNull(stored.tools), models: sortedOrNull(stored.models) } : null,
          wanted,
          { key: stored?.keyHash !== keyHash },
          async () => {
            const input = { name, secret, scopes: entry.scopes, tools: entry.tools ?? null, models: entry.models ?? null };
            const userId = context.userId(entry.owner);
            if (stored) return this.keys.updateStatic(stored.id, userId, input);
            await this.managed.remember('api_key', slug, name, await this.keys.createStatic(context.teamId(slug), userId, input));
          },
        ),
      );
    }
    if (context.prune) {
      for (const [name, keyId] of known) {
        if (team.api_keys?.[name]) continue;
        changes.push(
          deletion({ kind: 'api_key', name: `teams.${slug}.api_keys.${name}`, team: slug }, async () => {
            await this.keys.revokeStatic(keyId);
            await this.managed.forget('api_key', slug, name);
          }),
        );
      }
    }
    return changes;
  }
}
