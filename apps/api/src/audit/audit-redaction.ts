import { AUDIT_REDACTED } from '@gantry/contracts';
import { redactText } from './audit-secret-text';

export { redactText } from './audit-secret-text';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON-safe copy with secrets replaced, and whether anything had to be cut to fit the bound. */
export interface BoundedJson {
  value: JsonValue;
  truncated: boolean;
}

/** Key names (lowercased, separators removed) whose values are secrets whatever they look like. */
const SECRET_KEY =
  /passw(or)?d|passphrase|^pass$|^pwd$|secret|token|apikey|authorization|^auth$|cookie|session|private|credential|^jwt$|(access|api|auth|client|crypt|encryption|license|master|signing|ssh)key/;
/** Other `…key` names (`key`, `sort_key`, `key_id`) are secrets only when the value looks like one. */
const KEY_LIKE = /key/;
const CREDENTIAL_LIKE = /^(?=.*[a-z])(?=.*[0-9])[a-z0-9+/=_.:-]{16,}$/i;

/** Text past this is not scanned: it would be cut anyway, and scanning megabytes is not the hot path's job. */
const SCAN_MARGIN = 1024;
const MAX_DEPTH = 24;
/** Room kept inside every open array/object for the marker that says what was cut. */
const MARKER_ROOM = 40;
const ELLIPSIS = '…';

type KeyKind = 'secret' | 'key-like' | 'plain';
/** Payloads repeat the same few key names (id, name, email…): classify each name once. */
const keyKinds = new Map<string, KeyKind>();
const KEY_KIND_CACHE_SIZE = 10_000;

function keyKind(key: string): KeyKind {
  let kind = keyKinds.get(key);
  if (kind === undefined) {
    const name = key.toLowerCase().replace(/[^a-z0-9]/g, '');
    kind = SECRET_KEY.test(name) ? 'secret' : KEY_LIKE.test(name) ? 'key-like' : 'plain';
    if (keyKinds.size < KEY_KIND_CACHE_SIZE && key.length <= 100) keyKinds.set(key, kind);
  }
  return kind;
}

export function isSecretKey(key: string, value: unknown): boolean {
  const kind = keyKind(key);
  return kind === 'secret' || (kind === 'key-like' && typeof value === 'string' && CREDENTIAL_LIKE.test(value));
}

/** Redacted text cut to at most `maxChars` characters (an ellipsis marks the cut). */
export function boundedText(text: string, maxChars: number): string {
  const redacted = redactText(text.length > maxChars + SCAN_MARGIN ? text.slice(0, maxChars + SCAN_MARGIN) : text);
  if (redacted.length <= maxChars) return redacted;
  const cut = redacted.slice(0, maxChars - 1);
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}${ELLIPSIS}`;
}

/**
 * Copies any value into JSON whose serialization is at most `maxChars` characters: secret-looking
 * keys and tokens in text become "[redacted]", and whatever does not fit is cut with a visible
 * marker (`"… 120 more items"`), so what is stored is always valid, parseable JSON. The walk stops
 * when the budget is spent, so its cost is bounded by `maxChars`, not by the size of the input.
 */
export function redactAndBound(value: unknown, maxChars: number): BoundedJson {
  const copier = new BoundedCopier(maxChars);
  try {
    const copied = copier.copy(value, 0);
    if (copied === NO_ROOM) return { value: null, truncated: true };
    return { value: copied === undefined ? null : copied, truncated: copier.truncated };
  } catch {
    // Getters that throw, proxies, exotic objects: keep the record, say the payload could not be read.
    return { value: '[unserializable]', truncated: true };
  }
}

const NO_ROOM = Symbol('no room');
type Copied = JsonValue | undefined | typeof NO_ROOM;

/** Characters JSON.stringify escapes (quote, backslash, controls) or may escape (surrogates). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Length of the value as JSON.stringify writes it, without building the string in the common case. */
function jsonLength(value: string | number): number {
  if (typeof value === 'number') return String(value).length;
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value).length : value.length + 2;
}

/** Every character it emits is paid from `remaining`, measured exactly as JSON.stringify writes it. */
class BoundedCopier {
  truncated = false;
  private remaining: number;
  /** The objects being copied around the current one (at most MAX_DEPTH), to spot cycles. */
  private readonly ancestors: object[] = [];

  constructor(maxChars: number) {
    this.remaining = maxChars;
  }

  copy(input: unknown, depth: number): Copied {
    const value = toJsonInput(input);
    switch (typeof value) {
      case 'string':
        return this.string(redactText(value.length > this.remaining + SCAN_MARGIN ? value.slice(0, this.remaining + SCAN_MARGIN) : value));
      case 'number':
        return Number.isFinite(value) ? this.atom(value, jsonLength(value)) : this.atom(null, 4);
      case 'bigint':
        return this.string(value.toString());
      case 'boolean':
        return this.atom(value, value ? 4 : 5);
      case 'object':
        if (value === null) return this.atom(null, 4);
        if (this.ancestors.includes(value)) return this.string('[circular]');
        if (depth >= MAX_DEPTH) {
          this.truncated = true;
          return this.string(ELLIPSIS);
        }
        return this.container(value, depth);
      default:
        return undefined; // functions, symbols, undefined: left out, as JSON.stringify does
    }
  }

  private container(value: object, depth: number): Copied {
    this.ancestors.push(value);
    const copied = Array.isArray(value) ? this.array(value, depth) : this.object(value as Record<string, unknown>, depth);
    this.ancestors.pop();
    return copied;
  }

  private atom(value: JsonValue, cost: number): JsonValue | typeof NO_ROOM {
    if (cost > this.remaining) return this.noRoom();
    this.remaining -= cost;
    return value;
  }

  private string(text: string): string | typeof NO_ROOM {
    const cost = jsonLength(text);
    if (cost <= this.remaining) {
      this.remaining -= cost;
      return text;
    }
    if (this.remaining < 8) return this.noRoom();
    this.truncated = true;
    let cut = text.slice(0, this.remaining - 3);
    while (cut.length > 0 && jsonLength(`${cut}${ELLIPSIS}`) > this.remaining) cut = cut.slice(0, Math.floor(cut.length * 0.8));
    if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1); // never half of a surrogate pair
    const shortened = `${cut}${ELLIPSIS}`;
    this.remaining -= jsonLength(shortened);
    return shortened;
  }

  private array(items: unknown[], depth: number): Copied {
    if (!this.open()) return this.noRoom();
    const out: JsonValue[] = [];
    let index = 0;
    for (; index < items.length; index += 1) {
      const separator = out.length > 0 ? 1 : 0;
      if (this.remaining < separator) break;
      this.remaining -= separator;
      const copied = this.copy(items[index], depth + 1);
      const item = copied === undefined ? this.atom(null, 4) : copied;
      if (item === NO_ROOM) {
        this.remaining += separator;
        break;
      }
      out.push(item);
    }
    this.remaining += MARKER_ROOM;
    if (index < items.length) {
      this.truncated = true;
      const marker = `${ELLIPSIS} ${items.length - index} more items`;
      this.remaining -= jsonLength(marker) + (out.length > 0 ? 1 : 0);
      out.push(marker);
    }
    return out;
  }

  private object(source: Record<string, unknown>, depth: number): Copied {
    if (!this.open()) return this.noRoom();
    const out: Record<string, JsonValue> = {};
    const keys = Object.keys(source);
    let written = 0;
    let index = 0;
    for (; index < keys.length; index += 1) {
      const key = keys[index]!;
      const raw = source[key];
      const keyCost = jsonLength(key) + 1 + (written > 0 ? 1 : 0);
      if (this.remaining < keyCost) break;
      this.remaining -= keyCost;
      const value = isSecretKey(key, raw) && raw !== undefined ? this.atom(AUDIT_REDACTED, jsonLength(AUDIT_REDACTED)) : this.copy(raw, depth + 1);
      if (value === NO_ROOM) {
        this.remaining += keyCost;
        break;
      }
      if (value === undefined) {
        this.remaining += keyCost;
        continue;
      }
      out[key] = value;
      written += 1;
    }
    this.remaining += MARKER_ROOM;
    if (index < keys.length) {
      this.truncated = true;
      const marker = `${keys.length - index} more keys`;
      this.remaining -= jsonLength(ELLIPSIS) + 1 + jsonLength(marker) + (written > 0 ? 1 : 0);
      out[ELLIPSIS] = marker;
    }
    return out;
  }

  /** Pays for the brackets and keeps room for a closing marker. */
  private open(): boolean {
    if (this.remaining < 2 + MARKER_ROOM) return false;
    this.remaining -= 2 + MARKER_ROOM;
    return true;
  }

  private noRoom(): typeof NO_ROOM {
    this.truncated = true;
    return NO_ROOM;
  }
}

/** What JSON.stringify would serialize in place of the value (Dates, ObjectIds, Buffers have toJSON). */
function toJsonInput(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON(): unknown }).toJSON();
  }
  return value;
}
