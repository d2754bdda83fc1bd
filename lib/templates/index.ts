// Language templates: detection, Dockerfile generation, Procfile/app.json parsing, starters.
export { detectTemplate, LANGUAGES } from './detect';
export { generateDockerfile } from './generate-dockerfile';
export { parseProcfile, parseProcfileDetailed } from './procfile';
export { parseAppJson, parseAppJsonFormation, DEFAULT_HEALTHCHECK } from './app-json';
export { starterFiles } from './starter';
export type { BuildPlan, BuildStep, Healthcheck, ProcessTypes, SourceTree } from './types';
