'use client';

import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { DialogClose, DialogFooter } from '@/components/ui/dialog';

type FormDialogFooterProps = {
  pending: boolean;
  submitLabel: string;
  pendingLabel: string;
  /** The outline button that closes the dialog. */
  cancelLabel?: string;
  /** Disables the close button too while pending, for a request that should not be walked away from. */
  lockWhilePending?: boolean;
};

/** The end of a form in a dialog: a button that closes it, and the submit button saying when it is under way. */
export function FormDialogFooter({ pending, submitLabel, pendingLabel, cancelLabel = 'Cancel', lockWhilePending = false }: FormDialogFooterProps) {
  return (
    <DialogFooter>
      <DialogClose asChild>
        <Button variant="outline" disabled={lockWhilePending && pending}>
          {cancelLabel}
        </Button>
      </DialogClose>
      <Button type="submit" disabled={pending}>
        {pending ? pendingLabel : submitLabel}
      </Button>
    </DialogFooter>
  );
}

/** The end of a dialog showing what was just made: "Done" closes it, after any other actions given. */
export function DoneDialogFooter({ children }: { children?: ReactNode }) {
  return (
    <DialogFooter>
      {children}
      <DialogClose asChild>
        <Button>Done</Button>
      </DialogClose>
    </DialogFooter>
  );
}
