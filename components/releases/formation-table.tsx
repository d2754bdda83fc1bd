'use client';
import { useState } from 'react';
import { Alert, Badge, Button, Card, CardBody, CardHeader, Input, Select, Table, TBody, TD, TH, THead, TR } from '@/components/ui';
import { TierOptions } from '@/components/apps/tier-options';
import type { FormationDto } from '@/lib/deploys/app-formation';
import { cpuLimitText, cpuText, memoryText, type TierName } from '@/lib/model/tiers';
import { OperationNotice } from '@/components/apps/operation-notice';
import { useOperation } from '@/components/apps/use-operation';

/**
 * Settings → Formation: one row per process type of the app's release (count and tier each), one
 * Scale button for all of them (POST /scale {"web": {"quantity": 2, "tier": "small"}, …}); then
 * the tier table with each tier's requests and limits.
 */
export function FormationTable({ app, formation }: { app: string; formation: FormationDto }) {
  const { run, busy, error, notice } = useOperation();
  const [rows, setRows] = useState(() =>
    Object.fromEntries(formation.types.map((t) => [t.type, { quantity: String(t.quantity), tier: t.tier as TierName }])),
  );
  // A type that appeared after a refresh (a new release's Procfile) starts from its current values.
  const row = (t: FormationDto['types'][number]) => rows[t.type] ?? { quantity: String(t.quantity), tier: t.tier as TierName };
  const changed = formation.types.filter((t) => row(t).quantity !== String(t.quantity) || row(t).tier !== t.tier);

  return (
    <Card>
      <CardHeader
        title="Formation"
        description="Instances per process type and their tier. web starts with 1, other Procfile types with 0 until scaled; 0 web answers 503. A scale that would not fit is refused and changes nothing."
      />
      <CardBody className="space-y-4">
        {error && <Alert tone="error">{error}</Alert>}
        <OperationNotice notice={notice} />
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            const body = Object.fromEntries(changed.map((t) => [t.type, { quantity: Number(row(t).quantity), tier: row(t).tier }]));
            const summary = changed.map((t) => `${t.type}=${row(t).quantity}`).join(' ');
            void run('scale', 'POST', `/api/apps/${encodeURIComponent(app)}/scale`, body, {
              running: `Scaling ${summary}…`,
              done: `Scaled ${summary}`,
              failed: `Scaling ${summary} failed`,
            });
          }}
        >
          <Table data-testid="formation">
            <THead>
              <TR>
                <TH>Process</TH>
                <TH>Command</TH>
                <TH>Instances</TH>
                <TH>Tier</TH>
                <TH>Request / limit per instance</TH>
                <TH>Up</TH>
              </TR>
            </THead>
            <TBody>
              {formation.types.map((t) => (
                <TR key={t.type} data-testid={`formation-${t.type}`}>
                  <TD className="font-medium text-slate-900">
                    {t.type}
                    {t.fromAppJson && (
                      <Badge tone="gray" className="ml-2">
                        app.json
                      </Badge>
                    )}
                  </TD>
                  <TD className="max-w-xs truncate font-mono text-xs" title={t.command ?? undefined}>
                    {t.command ?? (t.type === 'web' ? 'image command' : '')}
                  </TD>
                  <TD>
                    <Input
                      aria-label={`Instances of ${t.type}`}
                      type="number"
                      min={0}
                      max={formation.maxQuantity}
                      value={row(t).quantity}
                      onChange={(e) => setRows({ ...rows, [t.type]: { ...row(t), quantity: e.target.value } })}
                      className="w-20"
                    />
                  </TD>
                  <TD>
                    <Select
                      aria-label={`Tier of ${t.type}`}
                      value={row(t).tier}
                      onChange={(e) => setRows({ ...rows, [t.type]: { ...row(t), tier: e.target.value as TierName } })}
                    >
                      <TierOptions />
                    </Select>
                  </TD>
                  <TD className="text-xs text-slate-600">
                    CPU {cpuText(t.resources.cpuRequest)} / {cpuLimitText(t.resources.cpuLimit)}
                    <br />
                    memory {memoryText(t.resources.memoryRequestMb)} / {memoryText(t.resources.memoryLimitMb)}
                  </TD>
                  <TD>{t.up}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
          <div className="flex items-center gap-3">
            <Button type="submit" disabled={busy !== null || changed.length === 0}>
              {busy === 'scale' ? 'Scaling…' : 'Scale'}
            </Button>
            {formation.releaseCommand && (
              <span className="text-xs text-slate-500">
                release: <code className="font-mono">{formation.releaseCommand}</code> runs once per release, before the switch
              </span>
            )}
          </div>
        </form>
        <TierTable tiers={formation.tiers} />
      </CardBody>
    </Card>
  );
}

/** Each tier's requests (what placement counts) next to its limits (what cgroups enforce). */
function TierTable({ tiers }: { tiers: FormationDto['tiers'] }) {
  return (
    <div>
      <p className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">Tiers</p>
      <Table data-testid="tier-table">
        <THead>
          <TR>
            <TH>Tier</TH>
            <TH>CPU request</TH>
            <TH>CPU limit</TH>
            <TH>Memory request</TH>
            <TH>Memory limit</TH>
          </TR>
        </THead>
        <TBody>
          {tiers.map((t) => (
            <TR key={t.name} data-testid={`tier-${t.name}`}>
              <TD className="font-medium text-slate-900">{t.name}</TD>
              <TD>{cpuText(t.cpuRequest)}</TD>
              <TD>{cpuLimitText(t.cpuLimit)}</TD>
              <TD>{memoryText(t.memoryRequestMb)}</TD>
              <TD>{memoryText(t.memoryLimitMb)}</TD>
            </TR>
          ))}
        </TBody>
      </Table>
      <p className="mt-1 text-xs text-slate-500">
        Hosts admit instances by their requests; limits cap what an instance may use. Without a CPU limit an instance may use idle CPU, its
        request decides its share under contention.
      </p>
    </div>
  );
}
