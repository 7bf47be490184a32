'use client';

import { useState } from 'react';

type FormDialogOptions = {
  /** Runs whenever the dialog is closed by the user: clear the form's error, reset what was typed. */
  onClose?: () => void;
  /** While true the dialog neither opens nor closes (a request that must not be abandoned is running). */
  locked?: boolean;
};

/**
 * A form dialog's open state and the result it shows after submitting (a secret shown once, a check's
 * answer). Closing forgets the result, so it is never shown again.
 */
export function useFormDialog<TResult = never>({ onClose, locked = false }: FormDialogOptions = {}) {
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<TResult | null>(null);
  return {
    /** Spread on <Dialog>. */
    props: {
      open,
      onOpenChange: (next: boolean) => {
        if (locked) return;
        setOpen(next);
        if (!next) {
          setResult(null);
          onClose?.();
        }
      },
    },
    /** Closes after success, without running onClose: what the form holds is what was just saved. */
    close: () => setOpen(false),
    result,
    setResult,
  };
}
