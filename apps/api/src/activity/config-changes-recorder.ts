import { ActivityChange } from '@gantry/contracts';
import { AppliedConfigChange, ConfigChangeRecorder } from '../config-as-code/config-change-recorder';
import { ActivityWriter } from './activity-writer';

/**
 * Changes applied from gantry.toml in the admin trail: actor "config", action
 * `config.<kind>.<action>`, the file in details; secrets only as changed, never their values.
 */
export function configChangesRecorder(writer: ActivityWriter): ConfigChangeRecorder {
  return {
    record(change: AppliedConfigChange): void {
      const changes: ActivityChange[] = change.fields.map((field) =>
        field.secret
          ? { field: field.key, old: null, new: null, masked: true }
          : { field: field.key, old: field.from ?? null, new: field.to ?? null, masked: false },
      );
      writer.write({
        teamId: change.teamId,
        time: change.at,
        action: `config.${change.kind}.${change.action}`,
        route: null,
        target: { resource: change.kind, id: null, label: change.name },
        actor: { id: null, name: 'config', email: null },
        credential: null,
        ip: null,
        userAgent: null,
        outcome: 'success',
        status: null,
        error: null,
        changes,
        details: { file: change.file },
      });
    },
  };
}
