/**
 * Field and model definitions for the Odoo test double: just enough of Odoo's ORM metadata
 * (`fields_get`, `_order`, `_rec_name`, `_parent_name`) to answer like Odoo 17/18 does.
 */

export type OdooFieldType =
  'char' | 'text' | 'html' | 'integer' | 'float' | 'monetary' | 'boolean' | 'date' | 'datetime' | 'selection' | 'many2one' | 'one2many' | 'many2many';

export type OdooAggregator = 'sum' | 'avg' | 'min' | 'max' | 'count' | 'count_distinct' | 'bool_and' | 'bool_or' | 'array_agg';

export interface OdooFieldDef {
  type: OdooFieldType;
  string: string;
  required?: boolean;
  readonly?: boolean;
  /** Defaults to true; non-stored fields are computed by the double (display_name, one2many). */
  store?: boolean;
  relation?: string;
  /** For one2many: the many2one on `relation` that points back. */
  inverseName?: string;
  selection?: ReadonlyArray<readonly [string, string]>;
  help?: string;
  /** Odoo's `aggregator` (17: `group_operator`); numeric fields default to sum. */
  aggregator?: OdooAggregator;
}

export interface OdooDefaultsContext {
  uid: number;
  companyId: number;
  now: Date;
  nextSequence: () => number;
}

export interface OdooModelDef {
  name: string;
  /** Odoo's `_description`, used in access error texts ("'Journal Entry' (account.move)"). */
  description: string;
  /** Odoo's `_order`. */
  order: string;
  /** Odoo's `_rec_name`: the field display_name is made of. */
  recName: string;
  /** Odoo's `_parent_name`, enables `child_of`. */
  parentName?: string;
  fields: Record<string, OdooFieldDef>;
  defaults?: Record<string, (ctx: OdooDefaultsContext) => unknown>;
  /** Groups named in AccessError texts, like Odoo's "This operation is allowed for the following groups". */
  accessGroups?: string[];
}

export type StoredValue = string | number | boolean | number[] | null;
export type StoredRecord = Record<string, StoredValue>;

export const MAGIC_FIELDS: Record<string, OdooFieldDef> = {
  id: { type: 'integer', string: 'ID', readonly: true },
  display_name: { type: 'char', string: 'Display Name', readonly: true, store: false },
  create_date: { type: 'datetime', string: 'Created on', readonly: true },
  write_date: { type: 'datetime', string: 'Last Updated on', readonly: true },
  create_uid: { type: 'many2one', string: 'Created by', relation: 'res.users', readonly: true },
  write_uid: { type: 'many2one', string: 'Last Updated by', relation: 'res.users', readonly: true },
};

export function withMagicFields(model: OdooModelDef): OdooModelDef {
  return { ...model, fields: { ...MAGIC_FIELDS, ...model.fields } };
}

export function isStored(field: OdooFieldDef): boolean {
  return field.store !== false && field.type !== 'one2many';
}

export function isNumeric(field: OdooFieldDef): boolean {
  return field.type === 'integer' || field.type === 'float' || field.type === 'monetary';
}

export function isRelational(field: OdooFieldDef): boolean {
  return field.type === 'many2one' || field.type === 'one2many' || field.type === 'many2many';
}

export function isFloat(field: OdooFieldDef): boolean {
  return field.type === 'float' || field.type === 'monetary';
}

/** Odoo's datetime string format, as fields.Datetime.to_string produces it. */
export function odooDatetime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** A float as Odoo sends it: always `<double>`, even when the value is whole (100.0, not 100). */
export class OdooFloat {
  constructor(readonly value: number) {}
}
