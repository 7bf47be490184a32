'use client';

import { X } from 'lucide-react';
import { useState, type KeyboardEvent } from 'react';
import type { FieldControlProps } from '@/components/forms/field';
import { cn } from '@/lib/utils';

type TagInputProps = FieldControlProps & {
  value: readonly string[];
  onChange: (value: string[]) => void;
  /** Returns why a tag is not allowed, or null; rejected text stays in the input to be fixed. */
  validate: (tag: string) => string | null;
  onReject: (message: string | null) => void;
  placeholder?: string;
  disabled?: boolean;
};

/** A list of short values typed one by one: Enter, comma or space adds one, Backspace takes the last back. */
export function TagInput({ value, onChange, validate, onReject, placeholder, disabled, ...control }: TagInputProps) {
  const [draft, setDraft] = useState('');

  function add(text: string): boolean {
    const tags = text
      .split(/[\s,]+/)
      .map((tag) => tag.trim())
      .filter(Boolean);
    if (tags.length === 0) return true;
    for (const tag of tags) {
      const problem = validate(tag);
      if (problem) {
        onReject(`“${tag}” ${problem}`);
        return false;
      }
    }
    onReject(null);
    onChange([...value, ...tags.filter((tag, index) => !value.includes(tag) && tags.indexOf(tag) === index)]);
    setDraft('');
    return true;
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter' || event.key === ',' || event.key === ' ') {
      event.preventDefault();
      add(draft);
    } else if (event.key === 'Backspace' && draft === '' && value.length > 0) {
      setDraft(value.at(-1) ?? '');
      onChange(value.slice(0, -1));
    }
  }

  return (
    <div
      className={cn(
        'flex min-h-9 w-full flex-wrap items-center gap-1.5 rounded-md border border-input bg-card px-2 py-1.5 shadow-xs transition-colors',
        'focus-within:border-ring focus-within:ring-[3px] focus-within:ring-ring/50',
        control['aria-invalid'] && 'border-destructive',
        disabled && 'bg-muted',
      )}
    >
      {value.map((tag) => (
        <span
          key={tag}
          className={cn(
            'inline-flex items-center gap-1 rounded-md px-2 py-0.5 font-mono text-xs',
            disabled ? 'border bg-card' : 'bg-secondary text-secondary-foreground',
          )}
        >
          {tag}
          {!disabled && (
            <button
              type="button"
              className="rounded-sm opacity-60 outline-none hover:opacity-100 focus-visible:ring-2 focus-visible:ring-ring/50"
              aria-label={`Remove ${tag}`}
              onClick={() => onChange(value.filter((other) => other !== tag))}
            >
              <X aria-hidden className="size-3" />
            </button>
          )}
        </span>
      ))}
      <input
        {...control}
        value={draft}
        disabled={disabled}
        placeholder={value.length > 0 ? undefined : disabled ? 'None' : placeholder}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={onKeyDown}
        onPaste={(event) => {
          const text = event.clipboardData.getData('text');
          if (/[\s,]/.test(text.trim())) {
            event.preventDefault();
            add(`${draft}${text}`);
          }
        }}
        onBlur={() => add(draft)}
        className="h-6 min-w-32 flex-1 bg-transparent text-sm outline-none placeholder:text-muted-foreground disabled:cursor-not-allowed"
      />
    </div>
  );
}
