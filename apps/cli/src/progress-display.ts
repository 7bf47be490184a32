import { Presets, SingleBar } from 'cli-progress';

/** A progress bar on standard error, shown only to a person at a terminal (never in --json runs or pipes). */
export class ProgressDisplay {
  private bar?: SingleBar;

  constructor(private readonly enabled: boolean) {}

  update(done: number, total: number, label: string): void {
    if (!this.enabled || !process.stderr.isTTY || total === 0) return;
    if (!this.bar) {
      this.bar = new SingleBar(
        { format: '{bar} {value}/{total} {label}', stream: process.stderr, clearOnComplete: true, hideCursor: true },
        Presets.shades_classic,
      );
      this.bar.start(total, done, { label });
    } else this.bar.update(done, { label });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
