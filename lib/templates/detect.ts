import { AppError } from '../errors';
import { parseAppJson, parseAppJsonFormation } from './app-json';
import { dockerfile } from './dockerfile/template';
import { java } from './java/template';
import type { LanguageTemplate } from './language';
import { node } from './node/template';
import { php } from './php/template';
import { parseProcfileDetailed } from './procfile';
import { python } from './python/template';
import { staticSite } from './static/template';
import type { BuildPlan, SourceTree, Template } from './types';

/** File-based detection order after the repo Dockerfile and the app's chosen template. */
export const LANGUAGES: LanguageTemplate[] = [php, node, python, java, staticSite] as LanguageTemplate[];

export function languageTemplate(template: Template): LanguageTemplate {
  if (template === 'DOCKERFILE') return dockerfile as LanguageTemplate;
  return LANGUAGES.find((l) => l.template === template)!;
}

/**
 * Picks the template for a commit: a root Dockerfile wins; then the template the app was created
 * with, when its files are there (a PHP app with a package.json for assets stays PHP); then the
 * first language whose files are present. Nothing matches → BAD_REQUEST listing what it looked for.
 */
export function detectTemplate(tree: SourceTree, chosen?: Template | null): BuildPlan {
  const warnings: string[] = [];
  const procfileText = tree.read('Procfile');
  const procfile = procfileText === null ? { processTypes: {}, warnings: [] } : parseProcfileDetailed(procfileText);
  warnings.push(...procfile.warnings);

  let healthcheck = null;
  let formation = {};
  const appJson = tree.read('app.json');
  if (appJson !== null) {
    try {
      healthcheck = parseAppJson(appJson);
    } catch (error) {
      warnings.push(`${(error as Error).message}; health check from app.json ignored`);
    }
    const parsed = parseAppJsonFormation(appJson);
    formation = parsed.formation;
    warnings.push(...parsed.warnings);
  }

  const candidates: LanguageTemplate[] = [dockerfile as LanguageTemplate];
  if (chosen && chosen !== 'DOCKERFILE') candidates.push(languageTemplate(chosen));
  candidates.push(...LANGUAGES.filter((l) => l.template !== chosen));

  for (const candidate of candidates) {
    const file = candidate.matches(tree);
    if (!file) continue;
    const reason =
      candidate.template === 'DOCKERFILE'
        ? 'Dockerfile at the repository root: using it as is'
        : `${file} found: ${candidate.template.toLowerCase()} template${chosen === candidate.template ? ' (chosen for this app)' : ''}`;
    const plan = candidate.plan(tree, warnings);
    return { ...plan, reason, processTypes: procfile.processTypes, healthcheck, formation, warnings };
  }
  // The template chosen at creation plus a Procfile `web:` command is enough (Dokku's test apps).
  if (chosen && chosen !== 'DOCKERFILE' && procfile.processTypes.web) {
    const plan = languageTemplate(chosen).plan(tree, warnings);
    const reason = `Procfile found: ${chosen.toLowerCase()} template (chosen for this app)`;
    return { ...plan, reason, processTypes: procfile.processTypes, healthcheck, formation, warnings };
  }
  throw new AppError(
    'BAD_REQUEST',
    `No language detected. Looked for ${candidates.map((c) => c.looksFor).join('; ')}.`,
  );
}
