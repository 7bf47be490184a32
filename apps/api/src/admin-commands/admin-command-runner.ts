import { INestApplicationContext } from '@nestjs/common';
import { AdminAuditPurgeReport, AdminRequest, AdminUserCreated, ConfigApplyReport } from '@gantry/contracts';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { ConfigAsCodeService } from '../config-as-code/config-as-code.service';
import { loadConfigFile } from '../config-as-code/config-file-loader';
import { TeamsService } from '../teams/teams.service';
import { UsersService } from '../users/users.service';
import { RotationReport, VaultRotationService } from '../vault/vault-rotation.service';
import { AdminUsageError } from './admin-usage-error';

export type Progress = (done: number, total: number, label: string) => void;

/** The commands that work on the database itself, run inside an application context of the API. */
export async function runAdminCommand(app: INestApplicationContext, request: AdminRequest, progress: Progress): Promise<unknown> {
  switch (request.command) {
    case 'config-apply':
      return applyConfig(app, request, progress);
    case 'users-create':
      return createUser(app, request);
    case 'vault-rotate':
      return rotateVault(app, progress);
    case 'audit-purge':
      return purgeAudit(app, request);
  }
}

function applyConfig(
  app: INestApplicationContext,
  request: Extract<AdminRequest, { command: 'config-apply' }>,
  progress: Progress,
): Promise<ConfigApplyReport> {
  return app.get(ConfigAsCodeService).apply(loadConfigFile(request.file), { dryRun: request.dryRun, prune: request.prune, onProgress: progress });
}

/** Creates a person (no team: add them with the file or an invitation). Someone who exists already is reported, not changed. */
async function createUser(app: INestApplicationContext, request: Extract<AdminRequest, { command: 'users-create' }>): Promise<AdminUserCreated> {
  const users = app.get(UsersService);
  const existing = await users.findByEmail(request.email);
  if (existing) return { id: existing.id as string, email: existing.email, name: existing.name, created: false };
  const password = process.env[request.passwordEnv];
  if (!password) throw new AdminUsageError(`the environment variable ${request.passwordEnv} holding the password is not set`);
  if (password.length < 10 || password.length > 256) throw new DomainError('VALIDATION_FAILED', 'the password must be 10 to 256 characters long');
  const user = await users.create({ email: request.email, name: request.name, password });
  return { id: user.id as string, email: user.email, name: user.name, created: true };
}

async function rotateVault(app: INestApplicationContext, progress: Progress): Promise<RotationReport> {
  progress(0, 1, 'rotating');
  const report = await app.get(VaultRotationService).rotate();
  progress(1, 1, 'done');
  return report;
}

async function purgeAudit(app: INestApplicationContext, request: Extract<AdminRequest, { command: 'audit-purge' }>): Promise<AdminAuditPurgeReport> {
  const audit = app.get(AuditService);
  let teamId: string | undefined;
  if (request.team) {
    const team = await app.get(TeamsService).findBySlug(request.team);
    if (!team) throw new DomainError('NOT_FOUND', `no team with the slug ${request.team}`);
    teamId = team.id;
  }
  const report = { mode: request.mode, before: request.before ?? null, team: request.team ?? null, dryRun: request.dryRun };
  if (request.mode === 'expired') {
    if (teamId) throw new AdminUsageError('purging expired records covers every team (each by its own retention); leave --team out');
    const matched = await audit.countExpired();
    return { ...report, matched, deleted: request.dryRun ? 0 : await audit.purgeExpired() };
  }
  if (!request.before) throw new AdminUsageError('--before needs a date');
  const before = new Date(request.before);
  const matched = await audit.purgeOlderThan(before, { teamId, dryRun: true });
  return { ...report, matched, deleted: request.dryRun ? 0 : await audit.purgeOlderThan(before, { teamId, dryRun: false }) };
}
