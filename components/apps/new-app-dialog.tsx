'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert, Button, Dialog, Field, Input, Select } from '@/components/ui';
import { ApiError, apiFetch, UNREACHABLE } from '@/lib/http/api-client';
import { appNameProblem } from '@/lib/model/app-names';
import { STARTER_CHOICES } from '@/lib/model/templates';
import { TierOptions } from './tier-options';

/**
 * "New app" button + dialog: name (focused, validated as you type, its URL previewed), template
 * or Dockerfile, instance count and size → POST /api/apps. `urlTemplate` is the app URL with
 * `{name}` in place of the name (the server knows the apps domain and proxy port).
 */
export function NewAppButton({ urlTemplate }: { urlTemplate?: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [template, setTemplate] = useState<string>('php');
  const [tier, setTier] = useState('small');
  const [instances, setInstances] = useState('1');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const nameProblem = touched ? appNameProblem(name) : null;
  const preview = urlTemplate && name && !appNameProblem(name) ? urlTemplate.replace('{name}', name) : null;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (appNameProblem(name)) return;
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      const body = { name, template, tier, instances: Number(instances) };
      const created = await apiFetch<{ name: string }>('/api/apps', { method: 'POST', body });
      router.push(`/apps/${created.name}`);
    } catch (e) {
      setErrors(e instanceof ApiError ? e.fields : {});
      setFormError(e instanceof ApiError ? e.message : UNREACHABLE);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="new-app">
        New app
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="New app"
        description="Berth creates a git repository with starter code, builds it and puts it live."
      >
        <form onSubmit={submit} className="space-y-4" noValidate>
          {formError && !Object.keys(errors).length && <Alert tone="error">{formError}</Alert>}
          <Field
            id="app-name"
            label="Name"
            hint="Lower-case letters, digits and dashes; becomes <name>.<apps domain>"
            error={nameProblem ?? errors.name ?? null}
          >
            <Input
              id="app-name"
              name="name"
              data-autofocus
              autoFocus
              autoComplete="off"
              value={name}
              aria-invalid={Boolean(nameProblem ?? errors.name) || undefined}
              onChange={(e) => {
                setName(e.target.value);
                setTouched(true);
              }}
              placeholder="shop"
            />
          </Field>
          {urlTemplate && (
            <p className="-mt-2 truncate text-sm text-slate-500 dark:text-slate-400" aria-live="polite" data-testid="url-preview">
              Live at{' '}
              <span className="font-mono text-slate-800 dark:text-slate-200">{preview ?? urlTemplate.replace('{name}', '<name>')}</span>
            </p>
          )}
          <fieldset>
            <legend className="mb-1.5 text-sm font-medium text-slate-700 dark:text-slate-300">Template</legend>
            <div className="grid grid-cols-2 gap-2">
              {STARTER_CHOICES.map((t) => (
                <label
                  key={t.id}
                  className={`flex cursor-pointer flex-col rounded-md border px-3 py-2 text-sm ${
                    template === t.id ? 'border-indigo-600 ring-1 ring-indigo-600' : 'border-slate-300 dark:border-slate-600'
                  }`}
                >
                  <span className="flex items-center gap-2 font-medium">
                    <input type="radio" name="template" value={t.id} checked={template === t.id} onChange={() => setTemplate(t.id)} />
                    {t.label}
                  </span>
                  <span className="text-xs text-slate-500 dark:text-slate-400">{t.hint}</span>
                </label>
              ))}
            </div>
            {errors.template && <p className="mt-1 text-sm text-red-600">{errors.template}</p>}
          </fieldset>
          <div className="grid gap-4 sm:grid-cols-[8rem_1fr]">
            <Field id="app-instances" label="Instances" error={errors.instances ?? null}>
              <Input
                id="app-instances"
                type="number"
                min={1}
                max={10}
                inputMode="numeric"
                value={instances}
                onChange={(e) => setInstances(e.target.value)}
              />
            </Field>
            <Field id="app-tier" label="Size" error={errors.tier ?? null}>
              <Select id="app-tier" value={tier} onChange={(e) => setTier(e.target.value)}>
                <TierOptions />
              </Select>
            </Field>
          </div>
          <div className="flex justify-end gap-2 pt-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} data-testid="create-app">
              Create app
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
