export const queryKeys = {
  session: ['session'] as const,
  teams: ['teams'] as const,
  members: (teamId: string) => ['teams', teamId, 'members'] as const,
  invitations: (teamId: string) => ['teams', teamId, 'invitations'] as const,
};
