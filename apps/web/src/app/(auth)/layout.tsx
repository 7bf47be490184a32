import type { ReactNode } from 'react';
import { GantryMark } from '@/components/gantry-mark';

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-8 px-4 py-12">
      <GantryMark />
      {children}
    </main>
  );
}
