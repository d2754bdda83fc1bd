/**
 * Parses `.env` text (a pasted file, `berth env:set` arguments): `KEY=value` lines, optional
 * `export `, `#` comments and blank lines, single quotes taken literally, double quotes with
 * `\n`, `\"` and `\\` escapes, unquoted values trimmed with a trailing ` # comment` removed.
 * Pure: used by the env bulk editor in the browser and by tests.
 */
export function parseDotenv(text: string): { vars: Record<string, string>; errors: string[] } {
  const vars: Record<string, string> = {};
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) {
      errors.push(`line ${index + 1}: expected KEY=value`);
      return;
    }
    const [, key, rest] = match;
    let value: string;
    if (rest.startsWith("'")) {
      const end = rest.indexOf("'", 1);
      if (end < 0) return void errors.push(`line ${index + 1}: missing closing '`);
      value = rest.slice(1, end);
    } else if (rest.startsWith('"')) {
      const m = /^"((?:[^"\\]|\\.)*)"/.exec(rest);
      if (!m) return void errors.push(`line ${index + 1}: missing closing "`);
      value = m[1].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c));
    } else {
      value = rest.replace(/\s+#.*$/, '').trim();
    }
    vars[key] = value;
  });
  return { vars, errors };
}
