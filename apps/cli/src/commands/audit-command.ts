import { Command, Option } from 'commander';
import { AdminAuditPurgeReport, AUDIT_EXPORT_FORMATS, AUDIT_STATUSES } from '@gantry/contracts';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { runAdminCommand } from '../admin-process';
import { usageError } from '../cli-error';
import { globalsOf, keyClient, outputOf } from '../command-context';
import { confirm } from '../secret-input';
import { resolveTeam } from '../team-resolver';

export function auditCommand(): Command {
  const audit = new Command('audit').description('the MCP audit log');
  audit
    .command('export')
    .description('the team’s audit log as CSV or JSON (REST, with a key carrying the audit scope)')
    .addOption(new Option('--format <format>', 'file format').choices(AUDIT_EXPORT_FORMATS).default('csv'))
    .option('--from <iso>', 'from this time on (e.g. 2026-01-01T00:00:00Z)')
    .option('--to <iso>', 'up to this time')
    .option('--tool <name>', 'only this tool')
    .addOption(new Option('--status <status>', 'only this outcome').choices(AUDIT_STATUSES))
    .option('--output <file>', 'write to a file instead of standard output')
    .action(async (options: { format: string; from?: string; to?: string; tool?: string; status?: string; output?: string }, command: Command) => {
      const client = keyClient(command);
      const team = await resolveTeam(client, globalsOf(command).team);
      const query = new URLSearchParams({ format: options.format });
      for (const key of ['from', 'to', 'tool', 'status'] as const) if (options[key]) query.set(key, options[key]!);
      const response = await client.stream(`/api/teams/${team.id}/audit-logs/export?${query}`);
      await pipeline(Readable.fromWeb(response.body as never), options.output ? createWriteStream(options.output) : process.stdout);
      if (response.headers.get('x-export-truncated') === 'true')
        outputOf(command).note('gantry: more records matched than one export holds; narrow --from/--to');
    });
  audit
    .command('purge')
    .description('delete audit records (database command): past each team’s retention, or older than a date; asks first')
    .option('--expired', 'records past their team’s retention (what the API also purges hourly)')
    .option('--before <date>', 'records older than this date (ISO 8601, e.g. 2026-01-01)')
    .option('--yes', 'do not ask (needed without a terminal)')
    .action(async (options: { expired?: boolean; before?: string; yes?: boolean }, command: Command) => {
      const output = outputOf(command);
      // --team (a slug) narrows --before to one team; the admin process finds it in the database.
      const team = globalsOf(command).team;
      if (Boolean(options.expired) === Boolean(options.before)) throw usageError('choose one: --expired or --before <date>');
      const before = options.before ? parseDate(options.before) : undefined;
      const request = { command: 'audit-purge' as const, mode: options.expired ? ('expired' as const) : ('before' as const), before, team };
      const preview = (await runAdminCommand({ ...request, dryRun: true }, { progress: false })) as AdminAuditPurgeReport;
      const scope = `${options.expired ? 'past their retention' : `older than ${before}`}${team ? ` in ${team}` : ''}`;
      if (preview.matched === 0 || !(await confirm(`Delete ${preview.matched} audit record(s) ${scope}?`, options.yes ?? false))) {
        output.result(preview, () => (preview.matched === 0 ? `no audit records ${scope}` : 'nothing deleted'));
        return;
      }
      const report = (await runAdminCommand({ ...request, dryRun: false }, { progress: false })) as AdminAuditPurgeReport;
      output.result(report, (r) => `deleted ${r.deleted} audit record(s) ${scope}`);
    });
  return audit;
}

function parseDate(text: string): string {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw usageError(`--before ${text} is not a date (use ISO 8601, e.g. 2026-01-01)`);
  return date.toISOString();
}
