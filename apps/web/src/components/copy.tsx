'use client';

import { Check, Copy } from 'lucide-react';
import { useId, useRef, useState } from 'react';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { cn } from '@/lib/utils';

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * Copies to the clipboard; where the browser refuses (no permission, plain http), `onRefused`
 * selects the text instead so that Ctrl+C still works, and the state says so.
 */
function useCopy(value: string, onRefused: () => void) {
  const [state, setState] = useState<CopyState>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      onRefused();
      setState('failed');
    }
  }
  return { state, copy };
}

function CopyRefused({ what }: { what: string }) {
  return (
    <Alert variant="destructive">
      <AlertDescription>The browser did not allow copying. The {what} is selected: press Ctrl+C (⌘C).</AlertDescription>
    </Alert>
  );
}

/** A read-only value (a link, a secret, a URL) with its copy button. */
export function CopyField({
  label,
  value,
  copyLabel = 'Copy',
  what = 'text',
}: {
  label: string;
  value: string;
  copyLabel?: string;
  /** How the fallback message names the value ("link", "key"). */
  what?: string;
}) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const { state, copy } = useCopy(value, () => inputRef.current?.select());
  return (
    <div className="grid gap-2">
      <Label htmlFor={id}>{label}</Label>
      <div className="flex gap-2">
        <Input ref={inputRef} id={id} readOnly value={value} onFocus={(event) => event.currentTarget.select()} className="font-mono text-xs" />
        <Button variant="outline" onClick={() => void copy()}>
          {state === 'copied' ? <Check aria-hidden /> : <Copy aria-hidden />}
          {state === 'copied' ? 'Copied' : copyLabel}
        </Button>
      </div>
      {state === 'failed' && <CopyRefused what={what} />}
    </div>
  );
}

/** A snippet to paste into a terminal or a config file, with a copy button in its corner. */
export function CodeBlock({ code, label, className }: { code: string; label: string; className?: string }) {
  const preRef = useRef<HTMLPreElement>(null);
  const { state, copy } = useCopy(code, () => {
    if (!preRef.current) return;
    window.getSelection()?.selectAllChildren(preRef.current);
  });
  return (
    <div className={cn('grid min-w-0 gap-2', className)}>
      <div className="relative min-w-0">
        <pre
          ref={preRef}
          aria-label={label}
          className="max-h-96 overflow-auto rounded-lg border bg-muted/60 p-4 pr-24 font-mono text-xs leading-relaxed whitespace-pre"
        >
          <code>{code}</code>
        </pre>
        <Button variant="outline" size="sm" className="absolute top-2 right-2" aria-label={`Copy ${label}`} onClick={() => void copy()}>
          {state === 'copied' ? <Check aria-hidden /> : <Copy aria-hidden />}
          {state === 'copied' ? 'Copied' : 'Copy'}
        </Button>
      </div>
      {state === 'failed' && <CopyRefused what="snippet" />}
    </div>
  );
}
