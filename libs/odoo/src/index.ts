export * from './lib/odoo-client';
export * from './lib/odoo-errors';
export * from './lib/odoo-fault-mapper';
export * from './lib/odoo-json2-transport';
export * from './lib/odoo-transport';
export * from './lib/odoo-types';
export * from './lib/odoo-xmlrpc-transport';
