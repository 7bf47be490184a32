export {};
export * from './odoo';
