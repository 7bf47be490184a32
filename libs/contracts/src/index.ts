export * from './lib/roles';
export * from './lib/errors';
export * from './lib/common';
export * from './lib/auth';
export * from './lib/teams';
export * from './lib/health';
export * from './lib/odoo-connections';
