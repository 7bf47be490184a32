import { Construction } from 'lucide-react';
import { cn } from '@/lib/utils';

export function GantryMark({ className }: { className?: string }) {
  return (
    <span className={cn('inline-flex items-center gap-2 text-lg font-semibold tracking-tight', className)}>
      <span className="flex size-8 items-center justify-center rounded-lg bg-primary text-primary-foreground">
        <Construction aria-hidden className="size-4" />
      </span>
      Gantry
    </span>
  );
}
