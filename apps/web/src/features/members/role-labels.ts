import type { Role } from '@gantry/contracts';

export const ROLE_LABELS: Record<Role, string> = { owner: 'Owner', admin: 'Admin', member: 'Member', auditor: 'Auditor' };

export const ROLE_ORDER: Record<Role, number> = { owner: 0, admin: 1, member: 2, auditor: 3 };
