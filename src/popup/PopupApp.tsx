import { useEffect, useState } from 'preact/hooks';
import { sendRequest } from '../messaging/client';
import type { IndexStatus } from '../messaging/protocol';
import { IndexSummary } from './IndexSummary';

export function PopupApp() {
  const [status, setStatus] = useState<IndexStatus>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    sendRequest('index.status', {}).then(setStatus, (e: Error) => setError(e.message));
  }, []);

  return (
    <main class="popup">
      <h1>Footnote</h1>
      <IndexSummary status={status} error={error} />
    </main>
  );
}
