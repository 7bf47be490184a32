import { Injectable } from '@nestjs/common';
import { UsersService } from '../users/users.service';
import { compareObject, PlanContext, PlannedChange } from './config-plan';

/** People of the file: created with the password from their `password_env`; afterwards only the name follows the file. */
@Injectable()
export class UsersPlan {
  constructor(private readonly users: UsersService) {}

  async plan(context: PlanContext): Promise<PlannedChange[]> {
    const changes: PlannedChange[] = [];
    for (const [index, user] of (context.loaded.file.users ?? []).entries()) {
      const existing = await this.users.findByEmail(user.email);
      if (existing) context.userIds.set(user.email, existing.id as string);
      const object = { kind: 'user' as const, name: `users[${index}] ${user.email}`, team: null };
      changes.push(
        compareObject(
          object,
          existing ? { email: existing.email, name: existing.name } : null,
          { email: user.email, name: user.name },
          existing ? {} : { password: true },
          async () => {
            if (existing) return this.users.rename(existing.id as string, user.name);
            const created = await this.users.create({ email: user.email, name: user.name, password: context.loaded.secret(user.password_env) });
            context.userIds.set(user.email, created.id as string);
          },
        ),
      );
    }
    return changes;
  }

  /** Ids of people the file names but does not define (they must exist already). */
  async resolveOthers(context: PlanContext, emails: Array<{ email: string; path: Array<string | number> }>): Promise<void> {
    const defined = new Set((context.loaded.file.users ?? []).map((user) => user.email));
    for (const { email, path } of emails) {
      if (defined.has(email) || context.userIds.has(email)) continue;
      const existing = await this.users.findByEmail(email);
      if (existing) context.userIds.set(email, existing.id as string);
      else context.problems.push(context.loaded.problemAt(path, `no user ${email} in the file's [[users]] or in Gantry`));
    }
  }
}
