import { describe, expect, it } from 'vitest';
import { DomainSchema, matchesDomain, parseDomain, validateDomain } from './odoo-domain';
import { OdooFault } from './odoo-faults';
import { OdooFieldDef } from './odoo-model-schema';

const FIELDS: Record<string, Record<string, OdooFieldDef>> = {
  country: {
    id: { type: 'integer', string: 'ID' },
    name: { type: 'char', string: 'Name' },
    code: { type: 'char', string: 'Code' },
  },
  partner: {
    id: { type: 'integer', string: 'ID' },
    name: { type: 'char', string: 'Name' },
    email: { type: 'char', string: 'Email' },
    rank: { type: 'integer', string: 'Rank' },
    active: { type: 'boolean', string: 'Active' },
    country_id: { type: 'many2one', string: 'Country', relation: 'country' },
    parent_id: { type: 'many2one', string: 'Parent', relation: 'partner' },
    tag_ids: { type: 'many2many', string: 'Tags', relation: 'country' },
  },
};

const DATA: Record<string, Record<number, Record<string, unknown>>> = {
  country: { 1: { name: 'Belgium', code: 'BE' }, 2: { name: 'France', code: 'FR' } },
  partner: {
    1: { name: 'Deco Addict', email: 'deco@example.com', rank: 4, active: true, country_id: 1, parent_id: false, tag_ids: [1, 2] },
    2: { name: 'Addison Olson', email: false, rank: 0, active: true, country_id: 1, parent_id: 1, tag_ids: [] },
    3: { name: 'Lumber_Inc', email: 'LUMBER@example.com', rank: 1, active: false, country_id: 2, parent_id: false, tag_ids: [2] },
    4: { name: 'Nobody', email: false, rank: 0, active: true, country_id: false, parent_id: 2, tag_ids: [] },
  },
};

const schema: DomainSchema = {
  field: (model, name) => FIELDS[model]?.[name],
  value: (model, id, field) => DATA[model][id]?.[field] ?? false,
  displayName: (model, id) => String(DATA[model][id]?.['name'] ?? ''),
  descendants: (model, ids) => {
    const family = new Set(ids);
    for (let grew = true; grew;) {
      grew = false;
      for (const [id, row] of Object.entries(DATA[model])) {
        if (!family.has(Number(id)) && family.has(row['parent_id'] as number)) {
          family.add(Number(id));
          grew = true;
        }
      }
    }
    return family;
  },
  ancestors: (model, ids) => {
    const family = new Set(ids);
    for (const id of ids) {
      for (let parent = DATA[model][id]?.['parent_id']; typeof parent === 'number'; parent = DATA[model][parent]?.['parent_id']) family.add(parent);
    }
    return family;
  },
};

function matching(domain: unknown): number[] {
  const node = parseDomain(domain);
  validateDomain(node, 'partner', schema);
  return Object.keys(DATA['partner'])
    .map(Number)
    .filter((id) => matchesDomain(node, 'partner', id, schema));
}

function faultOf(action: () => unknown): OdooFault {
  try {
    action();
  } catch (error) {
    if (error instanceof OdooFault) return error;
    throw error;
  }
  throw new Error('expected an OdooFault');
}

describe('Odoo domain evaluation', () => {
  it('treats an empty or False domain as matching everything', () => {
    expect(matching([])).toEqual([1, 2, 3, 4]);
    expect(matching(false)).toEqual([1, 2, 3, 4]);
  });

  it('joins consecutive terms with an implicit &', () => {
    expect(
      matching([
        ['rank', '>', 0],
        ['country_id', '=', 1],
      ]),
    ).toEqual([1]);
  });

  it('evaluates prefix |, & and ! operators, nested', () => {
    expect(matching(['|', ['rank', '=', 4], ['rank', '=', 1]])).toEqual([1, 3]);
    expect(matching(['!', ['rank', '=', 0]])).toEqual([1, 3]);
    expect(matching(['|', '&', ['rank', '>', 0], ['country_id', '=', 2], ['name', '=', 'Nobody']])).toEqual([3, 4]);
    expect(matching(['&', '!', ['rank', '=', 0], '|', ['email', 'ilike', 'lumber'], ['name', '=', 'x']])).toEqual([3]);
  });

  it('supports the comparison operators', () => {
    expect(matching([['rank', '=', 4]])).toEqual([1]);
    expect(matching([['rank', '<', 1]])).toEqual([2, 4]);
    expect(matching([['rank', '<=', 1]])).toEqual([2, 3, 4]);
    expect(matching([['rank', '>=', 1]])).toEqual([1, 3]);
    expect(matching([['rank', 'in', [0, 4]]])).toEqual([1, 2, 4]);
    expect(matching([['rank', 'not in', [0, 4]]])).toEqual([3]);
  });

  it('lets != and not in match empty values, as Odoo SQL does', () => {
    expect(matching([['email', '!=', 'deco@example.com']])).toEqual([2, 3, 4]);
    expect(matching([['email', 'not in', ['deco@example.com']]])).toEqual([2, 3, 4]);
    expect(matching([['email', '=', false]])).toEqual([2, 4]);
    expect(matching([['email', '!=', false]])).toEqual([1, 3]);
    expect(matching([['email', 'not ilike', 'example']])).toEqual([2, 4]);
  });

  it('supports like, ilike, =like and =ilike with % and _ wildcards', () => {
    expect(matching([['email', 'like', 'LUMBER']])).toEqual([3]);
    expect(matching([['email', 'like', 'lumber']])).toEqual([]);
    expect(matching([['email', 'ilike', 'lumber']])).toEqual([3]);
    expect(matching([['name', '=like', 'Lumber_Inc']])).toEqual([3]);
    expect(matching([['name', '=like', 'Deco%']])).toEqual([1]);
    expect(matching([['name', '=ilike', 'deco%']])).toEqual([1]);
    expect(matching([['name', '=ilike', 'addison_olson']])).toEqual([2]);
  });

  it('follows dotted paths through many2one fields', () => {
    expect(matching([['country_id.code', '=', 'FR']])).toEqual([3]);
    expect(matching([['parent_id.country_id.code', '=', 'BE']])).toEqual([2, 4]);
    expect(matching([['parent_id.parent_id.name', '=', 'Deco Addict']])).toEqual([4]);
  });

  it('compares many2one fields by id, by name, or with False', () => {
    expect(matching([['country_id', '=', 2]])).toEqual([3]);
    expect(matching([['country_id', '=', 'Belgium']])).toEqual([1, 2]);
    expect(matching([['country_id', 'ilike', 'fran']])).toEqual([3]);
    expect(matching([['country_id', '=', false]])).toEqual([4]);
    expect(matching([['country_id', '!=', false]])).toEqual([1, 2, 3]);
    expect(matching([['country_id', 'not in', [1]]])).toEqual([3, 4]);
  });

  it('matches x2many fields when any related id does', () => {
    expect(matching([['tag_ids', 'in', [2]]])).toEqual([1, 3]);
    expect(matching([['tag_ids', '=', false]])).toEqual([2, 4]);
    expect(matching([['tag_ids.code', '=', 'BE']])).toEqual([1]);
  });

  it('supports child_of and parent_of on hierarchical models', () => {
    expect(matching([['id', 'child_of', 1]])).toEqual([1, 2, 4]);
    expect(matching([['parent_id', 'child_of', 2]])).toEqual([4]);
    expect(matching([['id', 'parent_of', 4]])).toEqual([1, 2, 4]);
  });

  it('supports =? (ignored when the value is False) and boolean fields', () => {
    expect(matching([['rank', '=?', false]])).toEqual([1, 2, 3, 4]);
    expect(matching([['rank', '=?', 1]])).toEqual([3]);
    expect(matching([['active', '=', false]])).toEqual([3]);
    expect(matching([['active', '!=', true]])).toEqual([3]);
  });

  it('supports True/False constants and Odoo TRUE_LEAF / FALSE_LEAF', () => {
    expect(matching([true])).toEqual([1, 2, 3, 4]);
    expect(matching([false])).toEqual([]);
    expect(matching(['|', false, ['rank', '=', 4]])).toEqual([1]);
    expect(matching([[1, '=', 1]])).toEqual([1, 2, 3, 4]);
    expect(matching([[0, '=', 1]])).toEqual([]);
  });

  it('rejects malformed domains with an Odoo-like ValueError (fault 1)', () => {
    const arity = faultOf(() => parseDomain(['&', ['rank', '=', 1]]));
    expect(arity.faultCode).toBe(1);
    expect(arity.faultString).toMatch(/ValueError: Domain \['&', \['rank', '=', 1\]\] is syntactically not correct\.\n$/);

    expect(faultOf(() => parseDomain([['rank', 'equals', 1]])).faultString).toContain("ValueError: Invalid leaf ('rank', 'equals', 1)");
    expect(faultOf(() => parseDomain([['rank', '=']])).faultString).toContain("ValueError: Invalid leaf ['rank', '=']");
    expect(faultOf(() => parseDomain('rank = 1')).faultString).toContain("ValueError: Invalid domain: 'rank = 1'");
    expect(faultOf(() => matching([['nope', '=', 1]])).faultString).toContain("ValueError: Invalid field partner.nope in leaf ('nope', '=', 1)");
    expect(faultOf(() => matching([['name.code', '=', 1]])).faultString).toContain('Invalid field partner.name');
  });
});
