export * from './odoo-xmlrpc-test-double';
export * from './odoo-domain';
export * from './odoo-faults';
export * from './odoo-json2';
export * from './odoo-model-schema';
export * from './odoo-model-methods';
export * from './odoo-record-store';
export * from './odoo-seed';
