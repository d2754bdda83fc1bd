'use client';
import { Alert, Button } from '@/components/ui';
import { useAppLive } from './app-live';
import { OperationNotice } from './operation-notice';
import { useOperation } from './use-operation';

/**
 * The Overview's buttons: Redeploy (the live release's image again, with today's env vars),
 * Deploy latest (build and deploy the branch head), Restart (rolling), Roll back (to the release
 * before the live one). Each notice resolves when the live stream says the work finished.
 */
export function AppActions() {
  const { state } = useAppLive();
  const { run, busy, error, notice } = useOperation();
  const api = `/api/apps/${encodeURIComponent(state.name)}`;
  const serving = state.currentRelease;
  const target = state.rollbackTarget;
  const stopped = state.status === 'stopped' || state.status === 'sleeping';
  return (
    <div className="space-y-3" data-testid="app-actions">
      <div className="flex flex-wrap gap-2">
        <Button
          variant="secondary"
          size="sm"
          disabled={busy !== null}
          onClick={() =>
            void run('redeploy', 'POST', `${api}/redeploy`, {}, (json) => ({
              running: `Redeploying as v${String(json.version)}…`,
              done: `v${String(json.version)} is live`,
              failed: `Redeploy as v${String(json.version)} failed`,
            }))
          }
        >
          {busy === 'redeploy' ? 'Redeploying…' : 'Redeploy'}
        </Button>
        <Button
          variant="secondary"
          size="sm"
          disabled={busy !== null}
          onClick={() =>
            void run('latest', 'POST', `${api}/builds`, {}, (json) => ({
              running: `Building #${String(json.number)} from the latest commit…`,
              done: `Build #${String(json.number)} succeeded — deploying`,
              failed: `Build #${String(json.number)} failed`,
            }))
          }
        >
          {busy === 'latest' ? 'Queuing…' : 'Deploy latest'}
        </Button>
        <Button
          variant="secondary"
          size="sm"
          disabled={busy !== null || !serving || stopped}
          title={!serving ? 'Nothing is deployed yet' : stopped ? 'The app is stopped' : undefined}
          onClick={() => void run('restart', 'POST', `${api}/restart`, {}, { running: 'Restarting (one instance at a time)…', done: 'Restarted', failed: 'Restart failed' })}
        >
          {busy === 'restart' ? 'Restarting…' : 'Restart'}
        </Button>
        <Button
          variant="secondary"
          size="sm"
          disabled={busy !== null || !target}
          title={target ? `${target.description}` : 'No earlier release was live'}
          onClick={() => {
            if (target && confirm(`Roll back ${state.name} to v${target.version} (${target.description})?`))
              void run('rollback', 'POST', `${api}/rollback`, { version: target.version }, {
                running: `Rolling back to v${target.version}…`,
                done: `Rolled back to v${target.version}`,
                failed: 'Rollback failed',
              });
          }}
        >
          {target ? `Roll back to v${target.version}` : 'Roll back'}
        </Button>
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      <OperationNotice notice={notice} />
    </div>
  );
}
