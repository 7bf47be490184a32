/**
 * The models and demo data the Odoo test double starts with: a small slice of Odoo 17/18's
 * base, product, sale and account modules, with the field metadata fields_get reports.
 */
import { randomBytes } from 'node:crypto';
import { OdooModelDef, StoredRecord, odooDatetime } from './odoo-model-schema';

/**
 * API keys of the seeded users: random, made once per test run and kept in the environment so
 * worker processes started later see the same ones. Tests import these instead of repeating literals.
 */
function seedApiKey(user: string): string {
  const variable = `GANTRY_ODOO_DOUBLE_${user.toUpperCase()}_API_KEY`;
  return (process.env[variable] ??= randomBytes(20).toString('hex'));
}

export const SEED_API_KEYS = { admin: seedApiKey('admin'), demo: seedApiKey('demo') } as const;

export interface OdooModelAccess {
  read: boolean;
  write: boolean;
  create: boolean;
  unlink: boolean;
}

export interface OdooTestUser {
  id: number;
  login: string;
  name: string;
  password: string;
  /** Each key works wherever the password does, as Odoo's API keys do on XML-RPC. */
  apiKeys?: string[];
  companyId: number;
  companyIds: number[];
  /** Per-model rights; a model not listed is fully accessible. */
  access?: Record<string, OdooModelAccess>;
  active?: boolean;
  lang?: string;
  tz?: string;
}

export const FULL_ACCESS: OdooModelAccess = { read: true, write: true, create: true, unlink: true };
export const READ_ONLY: OdooModelAccess = { read: true, write: false, create: false, unlink: false };
export const NO_ACCESS: OdooModelAccess = { read: false, write: false, create: false, unlink: false };

const SALE_STATES = [
  ['draft', 'Quotation'],
  ['sent', 'Quotation Sent'],
  ['sale', 'Sales Order'],
  ['cancel', 'Cancelled'],
] as const;

const MOVE_STATES = [
  ['draft', 'Draft'],
  ['posted', 'Posted'],
  ['cancel', 'Cancelled'],
] as const;

const MOVE_TYPES = [
  ['entry', 'Journal Entry'],
  ['out_invoice', 'Customer Invoice'],
  ['out_refund', 'Customer Credit Note'],
  ['in_invoice', 'Vendor Bill'],
  ['in_refund', 'Vendor Credit Note'],
] as const;

const companyDefault = { company_id: ({ companyId }: { companyId: number }) => companyId };

export const SEED_MODELS: OdooModelDef[] = [
  {
    name: 'res.country',
    description: 'Country',
    order: 'name',
    recName: 'name',
    fields: {
      name: { type: 'char', string: 'Country Name', required: true },
      code: { type: 'char', string: 'Country Code', help: 'The ISO country code in two chars.' },
    },
    accessGroups: ['Administration/Settings'],
  },
  {
    name: 'res.company',
    description: 'Companies',
    order: 'sequence, name',
    recName: 'name',
    fields: {
      name: { type: 'char', string: 'Company Name', required: true },
      sequence: { type: 'integer', string: 'Sequence' },
      partner_id: { type: 'many2one', string: 'Partner', relation: 'res.partner', required: true },
      country_id: { type: 'many2one', string: 'Country', relation: 'res.country' },
      email: { type: 'char', string: 'Email' },
      currency_code: { type: 'char', string: 'Currency', readonly: true },
    },
    accessGroups: ['Administration/Settings'],
  },
  {
    name: 'res.partner',
    description: 'Contact',
    order: 'name, id',
    recName: 'name',
    parentName: 'parent_id',
    fields: {
      name: { type: 'char', string: 'Name', required: true },
      email: { type: 'char', string: 'Email' },
      phone: { type: 'char', string: 'Phone' },
      street: { type: 'char', string: 'Street' },
      city: { type: 'char', string: 'City' },
      vat: { type: 'char', string: 'Tax ID' },
      is_company: { type: 'boolean', string: 'Is a Company' },
      active: { type: 'boolean', string: 'Active' },
      customer_rank: { type: 'integer', string: 'Customer Rank' },
      country_id: { type: 'many2one', string: 'Country', relation: 'res.country' },
      company_id: { type: 'many2one', string: 'Company', relation: 'res.company' },
      parent_id: { type: 'many2one', string: 'Related Company', relation: 'res.partner' },
      child_ids: { type: 'one2many', string: 'Contact', relation: 'res.partner', inverseName: 'parent_id' },
      sale_order_ids: { type: 'one2many', string: 'Sales Order', relation: 'sale.order', inverseName: 'partner_id' },
    },
    defaults: { active: () => true, is_company: () => false, customer_rank: () => 0 },
    accessGroups: ['Extra Rights/Contact Creation'],
  },
  {
    name: 'res.users',
    description: 'User',
    order: 'name, login',
    recName: 'name',
    fields: {
      name: { type: 'char', string: 'Name', required: true },
      login: { type: 'char', string: 'Login', required: true, help: 'Used to log into the system' },
      active: { type: 'boolean', string: 'Active' },
      lang: { type: 'char', string: 'Language' },
      tz: { type: 'char', string: 'Timezone' },
      partner_id: { type: 'many2one', string: 'Related Partner', relation: 'res.partner', required: true },
      company_id: { type: 'many2one', string: 'Company', relation: 'res.company', required: true },
      company_ids: { type: 'many2many', string: 'Companies', relation: 'res.company' },
    },
    defaults: { active: () => true },
    accessGroups: ['Administration/Access Rights'],
  },
  {
    name: 'product.product',
    description: 'Product Variant',
    order: 'default_code, name, id',
    recName: 'name',
    fields: {
      name: { type: 'char', string: 'Name', required: true },
      default_code: { type: 'char', string: 'Internal Reference' },
      type: {
        type: 'selection',
        string: 'Product Type',
        required: true,
        selection: [
          ['consu', 'Goods'],
          ['service', 'Service'],
          ['combo', 'Combo'],
        ],
      },
      list_price: { type: 'float', string: 'Sales Price' },
      standard_price: { type: 'float', string: 'Cost' },
      sale_ok: { type: 'boolean', string: 'Can be Sold' },
      active: { type: 'boolean', string: 'Active' },
      company_id: { type: 'many2one', string: 'Company', relation: 'res.company' },
    },
    defaults: { active: () => true, sale_ok: () => true, type: () => 'consu', list_price: () => 1 },
    accessGroups: ['Inventory/Administrator', 'Sales/Administrator'],
  },
  {
    name: 'sale.order',
    description: 'Sales Order',
    order: 'date_order desc, id desc',
    recName: 'name',
    fields: {
      name: { type: 'char', string: 'Order Reference', required: true, readonly: true },
      partner_id: { type: 'many2one', string: 'Customer', relation: 'res.partner', required: true },
      user_id: { type: 'many2one', string: 'Salesperson', relation: 'res.users' },
      company_id: { type: 'many2one', string: 'Company', relation: 'res.company', required: true },
      date_order: { type: 'datetime', string: 'Order Date', required: true },
      state: { type: 'selection', string: 'Status', readonly: true, selection: SALE_STATES },
      amount_untaxed: { type: 'monetary', string: 'Untaxed Amount', readonly: true },
      amount_total: { type: 'monetary', string: 'Total', readonly: true },
      note: { type: 'html', string: 'Terms and conditions' },
    },
    defaults: {
      name: ({ nextSequence }) => `S${String(nextSequence()).padStart(5, '0')}`,
      state: () => 'draft',
      date_order: ({ now }) => odooDatetime(now),
      user_id: ({ uid }) => uid,
      amount_untaxed: () => 0,
      amount_total: () => 0,
      ...companyDefault,
    },
    accessGroups: ['Sales/User: Own Documents Only'],
  },
  {
    name: 'account.move',
    description: 'Journal Entry',
    order: 'date desc, name desc, id desc',
    recName: 'name',
    fields: {
      name: { type: 'char', string: 'Number', readonly: true },
      move_type: { type: 'selection', string: 'Type', required: true, readonly: true, selection: MOVE_TYPES },
      state: { type: 'selection', string: 'Status', required: true, readonly: true, selection: MOVE_STATES },
      partner_id: { type: 'many2one', string: 'Partner', relation: 'res.partner' },
      company_id: { type: 'many2one', string: 'Company', relation: 'res.company', required: true },
      date: { type: 'date', string: 'Date', required: true },
      invoice_date: { type: 'date', string: 'Invoice/Bill Date' },
      amount_total: { type: 'monetary', string: 'Total', readonly: true },
      amount_residual: { type: 'monetary', string: 'Amount Due', readonly: true },
      ref: { type: 'char', string: 'Reference' },
    },
    defaults: {
      name: () => '/',
      move_type: () => 'entry',
      state: () => 'draft',
      date: ({ now }) => odooDatetime(now).slice(0, 10),
      amount_total: () => 0,
      amount_residual: () => 0,
      ...companyDefault,
    },
    accessGroups: ['Invoicing/Billing', 'Invoicing/Billing Administrator'],
  },
];

export const SEED_USERS: OdooTestUser[] = [
  {
    id: 2,
    login: 'admin',
    name: 'Mitchell Admin',
    password: 'admin',
    apiKeys: [SEED_API_KEYS.admin],
    companyId: 1,
    companyIds: [1, 2],
    lang: 'en_US',
    tz: 'Europe/Brussels',
  },
  {
    id: 6,
    login: 'demo',
    name: 'Marc Demo',
    password: 'demo',
    apiKeys: [SEED_API_KEYS.demo],
    companyId: 1,
    companyIds: [1],
    lang: 'en_US',
    tz: 'Europe/Brussels',
    access: {
      'account.move': NO_ACCESS,
      'res.company': READ_ONLY,
      'res.users': READ_ONLY,
      'res.country': READ_ONLY,
      'product.product': READ_ONLY,
      'res.partner': { read: true, write: true, create: true, unlink: false },
      'sale.order': { read: true, write: true, create: true, unlink: false },
    },
  },
];

/** Partner ids of the seeded users, so res.users rows point at real contacts. */
const USER_PARTNERS: Record<number, number> = { 1: 12, 2: 3, 6: 4 };

export function seedRecords(users: readonly OdooTestUser[]): Record<string, StoredRecord[]> {
  const created = '2024-01-02 08:00:00';
  const stamp = (record: StoredRecord): StoredRecord => ({
    create_date: created,
    write_date: created,
    create_uid: 1,
    write_uid: 1,
    ...record,
  });
  let nextPartnerId = 100;
  const userPartners = users.map((user) => {
    const partnerId = USER_PARTNERS[user.id] ?? nextPartnerId++;
    return { user, partnerId };
  });
  const partners: StoredRecord[] = [
    { id: 1, name: 'Gantry Demo Company', is_company: true, active: true, country_id: 1, company_id: 1, email: 'info@gantry-demo.example', customer_rank: 0 },
    { id: 2, name: 'Gantry Europe SRL', is_company: true, active: true, country_id: 2, company_id: 2, email: 'info@gantry-eu.example', customer_rank: 0 },
    {
      id: 5,
      name: 'Azure Interior',
      is_company: true,
      active: true,
      country_id: 1,
      city: 'Fremont',
      email: 'azure.interior24@example.com',
      customer_rank: 3,
      vat: 'US12345671',
    },
    {
      id: 6,
      name: 'Brandon Freeman',
      is_company: false,
      active: true,
      country_id: 1,
      parent_id: 5,
      city: 'Fremont',
      email: 'brandon.freeman55@example.com',
      customer_rank: 1,
    },
    {
      id: 7,
      name: 'Deco Addict',
      is_company: true,
      active: true,
      country_id: 2,
      city: 'Brussels',
      email: 'deco.addict82@example.com',
      customer_rank: 4,
      vat: 'BE0477472701',
    },
    { id: 8, name: 'Addison Olson', is_company: false, active: true, country_id: 2, parent_id: 7, email: 'addison.olson28@example.com', customer_rank: 0 },
    { id: 9, name: 'Lumber Inc', is_company: true, active: true, country_id: 3, city: 'Lyon', email: false, customer_rank: 1 },
    { id: 10, name: 'Ready Mat', is_company: true, active: true, country_id: 4, city: 'Berlin', email: 'ready.mat28@example.com', customer_rank: 2 },
    { id: 11, name: 'Old Customer (archived)', is_company: true, active: false, country_id: 1, customer_rank: 1 },
    { id: 12, name: 'OdooBot', is_company: false, active: false, email: 'odoobot@example.com', customer_rank: 0 },
    ...userPartners
      .filter(({ partnerId }) => partnerId !== 12)
      .map(({ user, partnerId }) => ({
        id: partnerId,
        name: user.name,
        is_company: false,
        active: true,
        company_id: user.companyId,
        email: `${user.login}@example.com`,
        customer_rank: 0,
      })),
  ];
  return {
    'res.country': [
      { id: 1, name: 'United States', code: 'US' },
      { id: 2, name: 'Belgium', code: 'BE' },
      { id: 3, name: 'France', code: 'FR' },
      { id: 4, name: 'Germany', code: 'DE' },
    ],
    'res.company': [
      { id: 1, name: 'Gantry Demo Company', sequence: 0, partner_id: 1, country_id: 1, email: 'info@gantry-demo.example', currency_code: 'USD' },
      { id: 2, name: 'Gantry Europe SRL', sequence: 10, partner_id: 2, country_id: 2, email: 'info@gantry-eu.example', currency_code: 'EUR' },
    ].map(stamp),
    'res.partner': partners.map(stamp),
    'res.users': [
      { id: 1, name: 'OdooBot', login: '__system__', active: false, partner_id: 12, company_id: 1, company_ids: [1, 2], lang: 'en_US', tz: false },
      ...userPartners.map(({ user, partnerId }) => ({
        id: user.id,
        name: user.name,
        login: user.login,
        active: user.active ?? true,
        partner_id: partnerId,
        company_id: user.companyId,
        company_ids: [...user.companyIds],
        lang: user.lang ?? 'en_US',
        tz: user.tz ?? false,
      })),
    ].map(stamp),
    'product.product': [
      {
        id: 1,
        name: 'Office Chair',
        default_code: 'FURN_7777',
        type: 'consu',
        list_price: 70,
        standard_price: 55.5,
        sale_ok: true,
        active: true,
        company_id: false,
      },
      {
        id: 2,
        name: 'Large Desk',
        default_code: 'FURN_0001',
        type: 'consu',
        list_price: 1799,
        standard_price: 1299,
        sale_ok: true,
        active: true,
        company_id: false,
      },
      {
        id: 3,
        name: 'Consulting Hour',
        default_code: 'SERV_0001',
        type: 'service',
        list_price: 100,
        standard_price: 40,
        sale_ok: true,
        active: true,
        company_id: false,
      },
      {
        id: 4,
        name: 'Cable Management Box',
        default_code: 'FURN_5555',
        type: 'consu',
        list_price: 100.25,
        standard_price: 70,
        sale_ok: true,
        active: true,
        company_id: 1,
      },
      {
        id: 5,
        name: 'Discontinued Lamp',
        default_code: 'FURN_0404',
        type: 'consu',
        list_price: 45,
        standard_price: 20,
        sale_ok: false,
        active: false,
        company_id: false,
      },
    ].map(stamp),
    'sale.order': [
      {
        id: 1,
        name: 'S00001',
        partner_id: 5,
        user_id: 2,
        company_id: 1,
        date_order: '2024-01-15 10:00:00',
        state: 'sale',
        amount_untaxed: 1600,
        amount_total: 1840,
      },
      {
        id: 2,
        name: 'S00002',
        partner_id: 7,
        user_id: 2,
        company_id: 1,
        date_order: '2024-02-03 14:30:00',
        state: 'draft',
        amount_untaxed: 870,
        amount_total: 1000.5,
      },
      {
        id: 3,
        name: 'S00003',
        partner_id: 5,
        user_id: 6,
        company_id: 1,
        date_order: '2024-02-20 09:15:00',
        state: 'sent',
        amount_untaxed: 200,
        amount_total: 230,
      },
      {
        id: 4,
        name: 'S00004',
        partner_id: 9,
        user_id: 6,
        company_id: 1,
        date_order: '2024-03-05 16:45:00',
        state: 'sale',
        amount_untaxed: 3000,
        amount_total: 3450,
      },
      {
        id: 5,
        name: 'S00005',
        partner_id: 6,
        user_id: 2,
        company_id: 1,
        date_order: '2024-03-18 11:00:00',
        state: 'cancel',
        amount_untaxed: 100,
        amount_total: 115,
      },
      {
        id: 6,
        name: 'S00006',
        partner_id: 8,
        user_id: 2,
        company_id: 2,
        date_order: '2024-03-25 13:00:00',
        state: 'sale',
        amount_untaxed: 500,
        amount_total: 605,
      },
    ].map(stamp),
    'account.move': [
      {
        id: 1,
        name: 'INV/2024/00001',
        move_type: 'out_invoice',
        state: 'posted',
        partner_id: 5,
        company_id: 1,
        date: '2024-01-16',
        invoice_date: '2024-01-16',
        amount_total: 1840,
        amount_residual: 0,
        ref: 'S00001',
      },
      {
        id: 2,
        name: 'INV/2024/00002',
        move_type: 'out_invoice',
        state: 'posted',
        partner_id: 9,
        company_id: 1,
        date: '2024-03-06',
        invoice_date: '2024-03-06',
        amount_total: 3450,
        amount_residual: 3450,
        ref: 'S00004',
      },
      {
        id: 3,
        name: 'BILL/2024/03/0001',
        move_type: 'in_invoice',
        state: 'posted',
        partner_id: 10,
        company_id: 1,
        date: '2024-03-10',
        invoice_date: '2024-03-10',
        amount_total: 420,
        amount_residual: 420,
        ref: 'RM-7781',
      },
      {
        id: 4,
        name: '/',
        move_type: 'out_invoice',
        state: 'draft',
        partner_id: 7,
        company_id: 1,
        date: '2024-03-20',
        invoice_date: false,
        amount_total: 1000.5,
        amount_residual: 1000.5,
        ref: false,
      },
    ].map(stamp),
  };
}

/** Odoo's model registry, listing every model the double serves (as `ir.model` does in a real database). */
export function irModelDefinition(models: readonly OdooModelDef[]): { model: OdooModelDef; records: StoredRecord[] } {
  return {
    model: {
      name: 'ir.model',
      description: 'Models',
      order: 'model',
      recName: 'name',
      fields: {
        name: { type: 'char', string: 'Model Description', required: true },
        model: { type: 'char', string: 'Model', required: true },
        transient: { type: 'boolean', string: 'Transient Model' },
      },
      accessGroups: ['Administration/Settings'],
    },
    records: [...models]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((model, index) => ({ id: index + 1, name: model.description, model: model.name, transient: false })),
  };
}
