import type { ProcessTypes } from './types';

/**
 * Heroku's Procfile: one `type: command` per line. Blank lines and `#` comments are allowed;
 * process types other than `web` (worker, clock...) are recorded for separate instances.
 * A repeated type keeps its last command, as Heroku does.
 */
export function parseProcfile(text: string): ProcessTypes {
  return parseProcfileDetailed(text).processTypes;
}

export function parseProcfileDetailed(text: string): { processTypes: ProcessTypes; warnings: string[] } {
  const processTypes: ProcessTypes = {};
  const warnings: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const match = /^([A-Za-z0-9_-]+)\s*:\s*(.*)$/.exec(line);
    if (!match) {
      warnings.push(`Procfile line ${index + 1} ignored (expected "type: command"): ${line}`);
      return;
    }
    const command = match[2].trim();
    if (!command) {
      warnings.push(`Procfile line ${index + 1} ignored: "${match[1]}" has no command`);
      return;
    }
    processTypes[match[1]] = command;
  });
  return { processTypes, warnings };
}
