'use client';
import { useState, type FormEvent } from 'react';
import { Alert, Button, Field, Input, useHydrated } from '@/components/ui';
import { ApiError, apiFetch } from '@/lib/http/api-client';

/**
 * Email + password form shared by sign-in and first-run setup (which also asks for the one-time
 * setup code). Posts JSON to the API (which sets the session cookie) and then loads the
 * destination page in full so it renders signed in.
 */
export function CredentialsForm({
  endpoint,
  submitLabel,
  passwordAutoComplete,
  passwordHint,
  next,
  askSetupCode = false,
}: {
  endpoint: '/api/session' | '/api/setup';
  submitLabel: string;
  passwordAutoComplete: 'current-password' | 'new-password';
  passwordHint?: string;
  next: string;
  askSetupCode?: boolean;
}) {
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  // Submit stays disabled until React has hydrated: a native submit would skip our handler.
  const hydrated = useHydrated();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    setFields({});
    try {
      await apiFetch(endpoint, {
        method: 'POST',
        body: {
          email: form.get('email'),
          password: form.get('password'),
          ...(askSetupCode ? { setupCode: form.get('setupCode') } : {}),
        },
      });
      window.location.assign(next);
      return;
    } catch (e) {
      if (e instanceof ApiError && e.code !== 'NETWORK') {
        setError(e.message);
        setFields(e.fields);
      } else setError('Berth cannot be reached. Check your connection and try again.');
    }
    setPending(false);
  }

  return (
    <form onSubmit={onSubmit} method="post" className="space-y-4">
      {error && <Alert tone="error">{error}</Alert>}
      {askSetupCode && (
        <Field
          id="setup-code"
          label="Setup code"
          hint={
            <>
              Printed by <code>npm run up</code> and in the web log; also in <code>$BERTH_DATA_DIR/setup-code</code> on the Berth machine.
            </>
          }
          error={fields.setupCode}
        >
          <Input id="setup-code" name="setupCode" required autoComplete="off" spellCheck={false} autoFocus aria-invalid={!!fields.setupCode || undefined} />
        </Field>
      )}
      <Field id="email" label="Email" error={fields.email}>
        <Input id="email" name="email" type="email" autoComplete="email" required autoFocus={!askSetupCode} aria-invalid={!!fields.email || undefined} />
      </Field>
      <Field id="password" label="Password" hint={passwordHint} error={fields.password}>
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete={passwordAutoComplete}
          required
          minLength={passwordAutoComplete === 'new-password' ? 8 : undefined}
          aria-invalid={!!fields.password || undefined}
        />
      </Field>
      <Button type="submit" className="w-full" loading={pending} disabled={!hydrated}>
        {submitLabel}
      </Button>
    </form>
  );
}
