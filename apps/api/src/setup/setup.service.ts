import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { SetupRequest } from '@gantry/contracts';
import { Connection } from 'mongoose';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { describeActivity } from '../activity/activity-context';
import { DomainError } from '../common/domain-error';
import { isDuplicateKeyError, UsersService } from '../users/users.service';
import { TeamsService } from '../teams/teams.service';
import { UserDocument } from '../users/user.schema';

const SETUP_LOCK_ID = 'initial-setup';

/**
 * First run: the first owner and team come from GANTRY_ADMIN_* at start, or from the one-time
 * setup page. A unique lock document makes the setup happen once, even with parallel requests.
 */
@Injectable()
export class SetupService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Setup');

  constructor(
    private readonly users: UsersService,
    private readonly teams: TeamsService,
    @InjectConnection() private readonly connection: Connection,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async needsSetup(): Promise<boolean> {
    return (await this.users.count()) === 0;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { GANTRY_ADMIN_EMAIL: email, GANTRY_ADMIN_PASSWORD: password } = this.config;
    if (!email || !password) return;
    if (!(await this.needsSetup())) {
      this.logger.log(`GANTRY_ADMIN_EMAIL is ignored: this database already has users, so no first owner is created (sign in with an existing account)`);
      return;
    }
    try {
      await this.setup({ email: email.toLowerCase(), password, name: this.config.GANTRY_ADMIN_NAME, teamName: this.config.GANTRY_ADMIN_TEAM });
      this.logger.log(`created the first owner ${email} and team "${this.config.GANTRY_ADMIN_TEAM}" from GANTRY_ADMIN_EMAIL`);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'SETUP_ALREADY_DONE')) throw error;
    }
  }

  async setup(input: SetupRequest): Promise<UserDocument> {
    const locks = this.connection.collection<{ _id: string; at: Date }>('system_locks');
    try {
      await locks.insertOne({ _id: SETUP_LOCK_ID, at: new Date() });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new DomainError('SETUP_ALREADY_DONE', 'Gantry is already set up; sign in instead');
      throw error;
    }
    let user: UserDocument | undefined;
    try {
      if (!(await this.needsSetup())) throw new DomainError('SETUP_ALREADY_DONE', 'Gantry is already set up; sign in instead');
      user = await this.users.create({ email: input.email, name: input.name, password: input.password });
      await this.teams.create({ name: input.teamName, slug: input.teamSlug }, user.id as string);
      // From the setup page the first owner's first sign-in enters the new team's trail (from GANTRY_ADMIN_* at start, nothing records).
      describeActivity({ action: 'auth.setup' });
      return user;
    } catch (error) {
      if (user) await this.users.deleteById(user._id);
      if (!(error instanceof DomainError && error.code === 'SETUP_ALREADY_DONE')) await locks.deleteOne({ _id: SETUP_LOCK_ID });
      throw error;
    }
  }
}
