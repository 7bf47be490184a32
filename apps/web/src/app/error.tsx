'use client';

import { FullPageMessage } from '@/components/full-page-status';
import { Button } from '@/components/ui/button';

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <FullPageMessage title="This page could not be shown">
      <p className="text-sm text-muted-foreground">
        {error.digest ? `Something went wrong on the server (reference ${error.digest}). Please try again in a moment.` : error.message}
      </p>
      <Button onClick={reset}>Try again</Button>
    </FullPageMessage>
  );
}
