'use client';

import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui';

export type ConsoleTargetOption = { value: string; label: string };

type State =
  | { kind: 'idle' }
  | { kind: 'connecting' }
  | { kind: 'open'; label: string }
  | { kind: 'ended'; message: string; failed: boolean };

/**
 * The web console: xterm.js over a WebSocket to /console/ws/<app> (lib/console/console-server.ts).
 * Keystrokes go out as binary frames, the terminal's size as a resize message, output comes back
 * as binary frames. The end of the session (exit code, idle close, refusal) stays on screen.
 */
export function ConsoleTerminal({ app, targets }: { app: string; targets: ConsoleTargetOption[] }) {
  const box = useRef<HTMLDivElement>(null);
  const [target, setTarget] = useState(targets[0]?.value ?? 'run');
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [session, setSession] = useState(0);
  const close = useRef<() => void>(() => undefined);
  // Read when a session starts: choosing another target must not open a connection by itself.
  const targetRef = useRef(target);
  targetRef.current = target;

  useEffect(() => {
    if (session === 0 || !box.current) return;
    let disposed = false;
    let cleanup = () => undefined as void;
    void (async () => {
      const [{ Terminal }, { FitAddon }] = await Promise.all([import('@xterm/xterm'), import('@xterm/addon-fit')]);
      if (disposed || !box.current) return;
      const term = new Terminal({ cursorBlink: true, fontSize: 13, convertEol: false, scrollback: 5000 });
      const fit = new FitAddon();
      term.loadAddon(fit);
      term.open(box.current);
      fit.fit();
      const params = new URLSearchParams({ cols: String(term.cols), rows: String(term.rows) });
      const chosen = targetRef.current;
      if (chosen === 'run') params.set('kind', 'run');
      else params.set('instance', chosen);
      const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
      const ws = new WebSocket(`${scheme}://${window.location.host}/console/ws/${encodeURIComponent(app)}?${params}`);
      ws.binaryType = 'arraybuffer';
      setState({ kind: 'connecting' });
      const encoder = new TextEncoder();
      let ended = false;
      const end = (message: string, failed: boolean) => {
        if (ended) return;
        ended = true;
        setState({ kind: 'ended', message, failed });
      };
      ws.onmessage = (event) => {
        if (event.data instanceof ArrayBuffer) return term.write(new Uint8Array(event.data));
        const message = JSON.parse(String(event.data)) as { type: string; label?: string; code?: number; reason?: string; message?: string };
        if (message.type === 'ready') {
          setState({ kind: 'open', label: message.label ?? '' });
          term.focus();
        } else if (message.type === 'exit') end(`Process exited with code ${message.code}`, message.code !== 0);
        else if (message.type === 'closed') end(`Closed: ${message.reason}`, false);
        else if (message.type === 'error') term.write(`\r\n[berth] ${message.message}\r\n`);
      };
      ws.onclose = (event) => end(event.code === 1006 ? 'Could not open the console (refused or unreachable)' : 'Connection closed', event.code === 1006);
      const input = term.onData((data) => ws.readyState === WebSocket.OPEN && ws.send(encoder.encode(data)));
      const resized = term.onResize(({ cols, rows }) => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ type: 'resize', cols, rows })));
      const onWindowResize = () => fit.fit();
      window.addEventListener('resize', onWindowResize);
      close.current = () => ws.close();
      cleanup = () => {
        window.removeEventListener('resize', onWindowResize);
        input.dispose();
        resized.dispose();
        ws.close();
        term.dispose();
      };
    })();
    return () => {
      disposed = true;
      cleanup();
    };
  }, [session, app]);

  const running = state.kind === 'connecting' || state.kind === 'open';
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <label className="text-sm text-slate-700" htmlFor="console-target">
          Open into
        </label>
        <select
          id="console-target"
          className="h-8 rounded-md border border-slate-300 bg-white px-2 text-sm"
          value={target}
          disabled={running}
          onChange={(e) => setTarget(e.target.value)}
        >
          {targets.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
        {running ? (
          <Button variant="secondary" size="sm" onClick={() => close.current()}>
            Disconnect
          </Button>
        ) : (
          <Button size="sm" onClick={() => setSession((n) => n + 1)}>
            {state.kind === 'ended' ? 'Reconnect' : 'Connect'}
          </Button>
        )}
        <span className="ml-auto text-xs text-slate-500" data-testid="console-state" role="status">
          {state.kind === 'idle' && 'not connected'}
          {state.kind === 'connecting' && 'connecting…'}
          {state.kind === 'open' && `connected to ${state.label}`}
          {state.kind === 'ended' && <span className={state.failed ? 'text-red-700' : undefined}>{state.message}</span>}
        </span>
      </div>
      <div
        ref={box}
        className="h-[28rem] overflow-hidden rounded-md bg-black p-2"
        data-testid="console-terminal"
        aria-label="Terminal"
      />
      <p className="text-xs text-slate-500">
        Sessions are recorded in the app’s timeline and close after a period without input or output. Ctrl-C interrupts the running command.
      </p>
    </div>
  );
}
