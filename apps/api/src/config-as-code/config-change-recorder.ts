import { Injectable } from '@nestjs/common';
import { ConfigChange } from '@gantry/contracts';

/** One change applied from the file, for the admin trail: the actor is always "config". */
export interface AppliedConfigChange extends ConfigChange {
  actor: 'config';
  /** The team's id once it exists (null for users). */
  teamId: string | null;
  /** The file the change came from (its base name). */
  file: string;
  at: Date;
}

/**
 * Where applied changes go. The admin trail (activity module) provides one at wiring time with
 * `ConfigChanges.useRecorder`; until then changes are only reported to whoever applied the file.
 */
export interface ConfigChangeRecorder {
  record(change: AppliedConfigChange): void | Promise<void>;
}

const NO_RECORDER: ConfigChangeRecorder = { record: () => undefined };

@Injectable()
export class ConfigChanges {
  private recorder: ConfigChangeRecorder = NO_RECORDER;

  useRecorder(recorder: ConfigChangeRecorder): void {
    this.recorder = recorder;
  }

  async record(change: AppliedConfigChange): Promise<void> {
    await this.recorder.record(change);
  }
}
