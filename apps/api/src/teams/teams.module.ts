import { Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { UsersModule } from '../users/users.module';
import { InvitationRecord, InvitationSchema } from './invitation.schema';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { MembersController } from './members.controller';
import { TeamEvents } from './team-events';
import { MembershipRecord, MembershipSchema } from './membership.schema';
import { MembershipsService } from './memberships.service';
import { TeamRecord, TeamSchema } from './team.schema';
import { TeamsController } from './teams.controller';
import { TeamsService } from './teams.service';

const PURGE_INTERVAL_MS = 60 * 60 * 1000;

@Module({
  imports: [
    UsersModule,
    MongooseModule.forFeature([
      { name: TeamRecord.name, schema: TeamSchema },
      { name: MembershipRecord.name, schema: MembershipSchema },
      { name: InvitationRecord.name, schema: InvitationSchema },
    ]),
  ],
  controllers: [TeamsController, MembersController, InvitationsController],
  providers: [TeamsService, MembershipsService, InvitationsService, TeamEvents],
  exports: [TeamsService, MembershipsService, InvitationsService, TeamEvents],
})
export class TeamsModule implements OnModuleInit, OnApplicationShutdown {
  private purgeTimer?: NodeJS.Timeout;

  constructor(private readonly invitations: InvitationsService) {}

  onModuleInit(): void {
    this.purgeTimer = setInterval(() => void this.invitations.purgeExpired().catch(() => undefined), PURGE_INTERVAL_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.purgeTimer);
  }
}
