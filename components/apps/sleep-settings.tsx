'use client';
import { useState } from 'react';
import { Alert, Button, Card, CardBody, CardHeader, Field, Input } from '@/components/ui';
import { useApi } from '@/components/ui/use-api';

export type SleepSettingsProps = {
  app: string;
  sleepAfterIdleMinutes: number | null;
  installationDefaultMinutes: number;
  sleeping: boolean;
  canSleep: boolean;
};

/** Settings tab: "Sleep after idle" and Sleep/Wake now (POST /api/apps/<name>/sleep | wake). */
export function SleepSettings(props: SleepSettingsProps) {
  const { call, busy, error, notice } = useApi();
  const base = `/api/apps/${encodeURIComponent(props.app)}`;
  const [minutes, setMinutes] = useState(props.sleepAfterIdleMinutes === null ? '' : String(props.sleepAfterIdleMinutes));
  const fallback = props.installationDefaultMinutes > 0 ? `${props.installationDefaultMinutes} min` : 'never';
  return (
    <Card>
      <CardHeader
        title="Sleep after idle"
        description={`With no request for this many minutes the app's containers stop and its capacity is freed; the next request wakes it (held until it is healthy). 0 = never; empty = installation default (${fallback}).`}
      />
      <CardBody className="space-y-3">
        {error && <Alert tone="error">{error}</Alert>}
        {notice && <Alert tone="success">{notice}</Alert>}
        <form
          className="flex items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            const value = minutes.trim() === '' ? null : Number(minutes);
            void call('sleep-settings', 'PUT', `${base}/sleep-settings`, { sleepAfterIdleMinutes: value }, 'Saved');
          }}
        >
          <Field id="sleep-after-idle" label="Minutes">
            <Input id="sleep-after-idle" type="number" min={0} value={minutes} placeholder={fallback} onChange={(e) => setMinutes(e.target.value)} className="w-28" />
          </Field>
          <Button type="submit" disabled={busy !== null}>{busy === 'sleep-settings' ? 'Saving…' : 'Save'}</Button>
          {props.sleeping ? (
            <Button variant="secondary" disabled={busy !== null} onClick={() => void call('wake', 'POST', `${base}/wake`, undefined, 'Waking…')}>
              {busy === 'wake' ? 'Waking…' : 'Wake'}
            </Button>
          ) : (
            <Button variant="secondary" disabled={busy !== null || !props.canSleep} onClick={() => void call('sleep', 'POST', `${base}/sleep`, undefined, 'Going to sleep…')}>
              {busy === 'sleep' ? 'Sleeping…' : 'Sleep now'}
            </Button>
          )}
        </form>
      </CardBody>
    </Card>
  );
}
