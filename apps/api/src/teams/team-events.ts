import { Injectable } from '@nestjs/common';

export type MemberRemovedListener = (teamId: string, userId: string) => Promise<void>;
export type SettingsChangedListener = (teamId: string) => void;

/**
 * What other modules must do when a team changes, without teams reaching into collections or
 * caches it does not own: when someone leaves (their API keys and OAuth grants end; removal waits
 * for every listener before it answers), and when the settings change (the MCP gateway drops its
 * cached policy of the team, so the change holds at once in this process; other replicas re-read
 * within seconds).
 */
@Injectable()
export class TeamEvents {
  private readonly memberRemovedListeners: MemberRemovedListener[] = [];
  private readonly settingsChangedListeners: SettingsChangedListener[] = [];

  onMemberRemoved(listener: MemberRemovedListener): void {
    this.memberRemovedListeners.push(listener);
  }

  async memberRemoved(teamId: string, userId: string): Promise<void> {
    for (const listener of this.memberRemovedListeners) await listener(teamId, userId);
  }

  onSettingsChanged(listener: SettingsChangedListener): void {
    this.settingsChangedListeners.push(listener);
  }

  settingsChanged(teamId: string): void {
    for (const listener of this.settingsChangedListeners) listener(teamId);
  }
}
