import { MeResponse } from '@gantry/contracts';
import { ApiClient } from './api-client';
import { usageError } from './cli-error';

/**
 * The team a command acts in: --team (slug or id) or GANTRY_TEAM among the credential owner's
 * teams; without either, the only team there is.
 */
export async function resolveTeam(client: ApiClient, wanted: string | undefined): Promise<{ id: string; slug: string; name: string }> {
  const me = await client.request<MeResponse>('GET', '/api/auth/me');
  const teams = me.memberships.map((membership) => membership.team);
  const choice = wanted ?? process.env.GANTRY_TEAM;
  if (choice) {
    const team = teams.find((candidate) => candidate.slug === choice || candidate.id === choice);
    if (!team) throw usageError(`no team "${choice}" among ${teams.map((candidate) => candidate.slug).join(', ') || 'your teams (none)'}`);
    return team;
  }
  if (teams.length === 1) return teams[0]!;
  throw usageError(`choose a team with --team (or GANTRY_TEAM): ${teams.map((team) => team.slug).join(', ')}`);
}
