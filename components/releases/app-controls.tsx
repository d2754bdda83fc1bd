'use client';
import { useState } from 'react';
import { Alert, Button, Card, CardBody, CardHeader, Field, Input, Select } from '@/components/ui';
import { OperationNotice } from '@/components/apps/operation-notice';
import { useOperation } from '@/components/apps/use-operation';
import { TierOptions } from '@/components/apps/tier-options';

export type AppControlsProps = {
  app: string;
  tier: string;
  stopped: boolean;
  healthcheck: { path: string; expectedStatus: number; timeoutMs: number; attempts: number } | null;
};

/** App tier, rolling restart, stop/start and the health check — each queues a deployment (scale: FormationTable). */
export function AppControls(props: AppControlsProps) {
  const { run, busy, error, notice } = useOperation();
  const op = (running: string, done: string, failed: string) => ({ running, done, failed });
  const base = `/api/apps/${encodeURIComponent(props.app)}`;
  const [tier, setTier] = useState(props.tier);
  const [hc, setHc] = useState({
    path: props.healthcheck?.path ?? '',
    expectedStatus: String(props.healthcheck?.expectedStatus ?? 200),
    timeoutMs: String(props.healthcheck?.timeoutMs ?? 5000),
    attempts: String(props.healthcheck?.attempts ?? 3),
  });

  return (
    <div className="space-y-4">
      {error && <Alert tone="error">{error}</Alert>}
      <OperationNotice notice={notice} />
      <Card>
        <CardHeader
          title="App tier"
          description="Requests and limits of every process type and of the release phase. Changing it puts every type on this tier and replaces instances one by one, with no downtime."
        />
        <CardBody>
          <form
            className="flex items-end gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              void run('tier', 'POST', `${base}/tier`, { tier }, op(`Changing tier to ${tier}…`, `Tier changed to ${tier}`, 'Tier change failed'));
            }}
          >
            <Field id="tier" label="App tier">
              <Select id="tier" value={tier} onChange={(e) => setTier(e.target.value)}>
                <TierOptions />
              </Select>
            </Field>
            <Button type="submit" disabled={busy !== null}>{busy === 'tier' ? 'Saving…' : 'Change tier'}</Button>
          </form>
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Run state" description="Restart replaces instances one at a time. Stop removes every container until you start again." />
        <CardBody className="flex gap-3">
          <Button variant="secondary" disabled={busy !== null || props.stopped} onClick={() => void run('restart', 'POST', `${base}/restart`, undefined, op('Restarting…', 'Restarted', 'Restart failed'))}>
            {busy === 'restart' ? 'Restarting…' : 'Restart'}
          </Button>
          {props.stopped ? (
            <Button disabled={busy !== null} onClick={() => void run('start', 'POST', `${base}/start`, undefined, op('Starting…', 'Started', 'Start failed'))}>Start</Button>
          ) : (
            <Button
              variant="danger"
              disabled={busy !== null}
              onClick={() => {
                if (confirm(`Stop ${props.app}? It answers 503 until started again.`)) void run('stop', 'POST', `${base}/stop`, undefined, op('Stopping…', 'Stopped', 'Stop failed'));
              }}
            >
              Stop
            </Button>
          )}
        </CardBody>
      </Card>
      <Card>
        <CardHeader
          title="Health check"
          description="Checked before a release gets traffic. Empty path = default: the port accepts connections and GET / is not a 5xx within 60 s. Overrides app.json; applies from the next deploy."
        />
        <CardBody>
          <form
            className="grid gap-3 sm:grid-cols-5 sm:items-end"
            onSubmit={(e) => {
              e.preventDefault();
              const healthcheck = hc.path
                ? { path: hc.path, expectedStatus: Number(hc.expectedStatus), timeoutMs: Number(hc.timeoutMs), attempts: Number(hc.attempts) }
                : null;
              void run('hc', 'PUT', `${base}/healthcheck`, { healthcheck }, op('Saving…', 'Health check saved', 'Saving failed'));
            }}
          >
            <Field id="hc-path" label="Path">
              <Input id="hc-path" value={hc.path} placeholder="/health" onChange={(e) => setHc({ ...hc, path: e.target.value })} />
            </Field>
            <Field id="hc-status" label="Expected status">
              <Input id="hc-status" type="number" value={hc.expectedStatus} onChange={(e) => setHc({ ...hc, expectedStatus: e.target.value })} />
            </Field>
            <Field id="hc-timeout" label="Timeout (ms)">
              <Input id="hc-timeout" type="number" value={hc.timeoutMs} onChange={(e) => setHc({ ...hc, timeoutMs: e.target.value })} />
            </Field>
            <Field id="hc-attempts" label="Attempts">
              <Input id="hc-attempts" type="number" value={hc.attempts} onChange={(e) => setHc({ ...hc, attempts: e.target.value })} />
            </Field>
            <Button type="submit" disabled={busy !== null}>{busy === 'hc' ? 'Saving…' : 'Save'}</Button>
          </form>
        </CardBody>
      </Card>
    </div>
  );
}
