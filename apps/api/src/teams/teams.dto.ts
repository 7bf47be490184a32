import {
  acceptInvitationRequestSchema,
  changeRoleRequestSchema,
  createdInvitationSchema,
  createInvitationRequestSchema,
  createTeamRequestSchema,
  invitationPreviewSchema,
  invitationSchema,
  memberSchema,
  teamSchema,
  transferOwnershipRequestSchema,
  updateTeamRequestSchema,
} from '@gantry/contracts';
import { createZodDto } from 'nestjs-zod';

export class TeamDto extends createZodDto(teamSchema) {}
export class CreateTeamDto extends createZodDto(createTeamRequestSchema) {}
export class UpdateTeamDto extends createZodDto(updateTeamRequestSchema) {}
export class MemberDto extends createZodDto(memberSchema) {}
export class ChangeRoleDto extends createZodDto(changeRoleRequestSchema) {}
export class TransferOwnershipDto extends createZodDto(transferOwnershipRequestSchema) {}
export class CreateInvitationDto extends createZodDto(createInvitationRequestSchema) {}
export class InvitationDto extends createZodDto(invitationSchema) {}
export class CreatedInvitationDto extends createZodDto(createdInvitationSchema) {}
export class InvitationPreviewDto extends createZodDto(invitationPreviewSchema) {}
export class AcceptInvitationDto extends createZodDto(acceptInvitationRequestSchema) {}
