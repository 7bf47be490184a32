import { ConfigApplyReport, ConfigChange, ConfigFieldChange } from '@gantry/contracts';

const SIGNS: Record<ConfigChange['action'], string> = { create: '+', update: '~', delete: '-', unchanged: '=' };

/**
 * The diff people read: one line per object (+ create, ~ update, - delete, = unchanged), the
 * changed fields under it, secrets as "(secret) changed" and never their values; then the summary.
 */
export function formatConfigReport(report: ConfigApplyReport): string {
  const lines = report.changes.map((change) =>
    [
      `${SIGNS[change.action]} ${change.action.padEnd(9)} ${change.kind.padEnd(15)} ${change.name}`,
      ...change.fields.map((field) => formatField(field, change.action)),
    ].join('\n'),
  );
  const { created, updated, deleted, unchanged, changed } = report.summary;
  const verb = report.dryRun ? 'to change' : 'changed';
  lines.push(
    `${changed} ${verb} (${created} created, ${updated} updated, ${deleted} deleted), ${unchanged} unchanged${report.dryRun ? ' — dry run, nothing written' : ''}`,
  );
  return lines.join('\n');
}

function formatField(field: ConfigFieldChange, action: ConfigChange['action']): string {
  if (field.secret) return `      ${field.key}: (secret) ${action === 'create' ? 'set' : 'changed'}`;
  return `      ${field.key}: ${short(field.from)} → ${short(field.to)}`;
}

function short(value: unknown): string {
  const text = JSON.stringify(value ?? null);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}
