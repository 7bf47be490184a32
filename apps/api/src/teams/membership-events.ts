import { Injectable } from '@nestjs/common';

export type MemberRemovedListener = (teamId: string, userId: string) => Promise<void>;

/**
 * What other modules must do when someone leaves a team (their API keys end, their OAuth grants
 * end), without teams reaching into collections it does not own: each owning module registers a
 * listener at start, and removal waits for every listener before it answers.
 */
@Injectable()
export class MembershipEvents {
  private readonly memberRemovedListeners: MemberRemovedListener[] = [];

  onMemberRemoved(listener: MemberRemovedListener): void {
    this.memberRemovedListeners.push(listener);
  }

  async memberRemoved(teamId: string, userId: string): Promise<void> {
    for (const listener of this.memberRemovedListeners) await listener(teamId, userId);
  }
}
