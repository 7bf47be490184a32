/** Shapes of Odoo data as the external API sends and receives it. */

export type OdooDomainOperator =
  '=' | '!=' | '<' | '>' | '<=' | '>=' | '=?' | 'in' | 'not in' | 'like' | 'not like' | 'ilike' | 'not ilike' | '=like' | '=ilike' | 'child_of' | 'parent_of';

export type OdooDomainLeaf = [string, OdooDomainOperator, unknown];
/** Polish notation: '&', '|', '!' prefix operators, leaves, and Odoo 18's True/False constants. */
export type OdooDomain = Array<'&' | '|' | '!' | OdooDomainLeaf | boolean>;

/** A many2one as read() returns it. */
export type OdooMany2one = [number, string] | false;

export interface OdooRecord {
  id: number;
  [field: string]: unknown;
}

/** web_read / web_search_read field specification; relational fields may nest `fields`. */
export interface OdooSpecification {
  [field: string]: { fields?: OdooSpecification; limit?: number; order?: string; context?: Record<string, unknown> };
}

export interface OdooWebSearchReadResult<T> {
  length: number;
  records: T[];
}

export interface OdooFieldDescription {
  type: string;
  string: string;
  required?: boolean;
  readonly?: boolean;
  store?: boolean;
  relation?: string;
  selection?: Array<[string, string]>;
  help?: string;
  [attribute: string]: unknown;
}

export interface OdooReadGroupRow {
  __domain: OdooDomain;
  __count?: number;
  [key: string]: unknown;
}
