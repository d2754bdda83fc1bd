/**
 * The one list of language templates a user can pick (New app, the API, runtime images, benches).
 * `id` is the API/CLI word, `template` the Prisma enum value, `runtime` the runtime image suffix.
 */
export const TEMPLATE_CHOICES = [
  { id: 'php', template: 'PHP', label: 'PHP', hint: 'Apache + mod_php' },
  { id: 'node', template: 'NODE', label: 'Node.js', hint: 'npm start' },
  { id: 'python', template: 'PYTHON', label: 'Python', hint: 'gunicorn / app.py' },
  { id: 'java', template: 'JAVA', label: 'Java', hint: 'OpenJDK 17' },
  { id: 'static', template: 'STATIC', label: 'Static site', hint: 'nginx, index.html' },
] as const;

export type TemplateChoice = (typeof TEMPLATE_CHOICES)[number];
export type TemplateName = TemplateChoice['id'];
export type LanguageTemplateEnum = TemplateChoice['template'];

export const TEMPLATE_NAMES = TEMPLATE_CHOICES.map((t) => t.id) as [TemplateName, ...TemplateName[]];

/** "php, node, python, java, static": for messages that list the choices. */
export const TEMPLATE_NAME_LIST = TEMPLATE_NAMES.join(', ');

export const templateEnumOf = (name: TemplateName): LanguageTemplateEnum =>
  TEMPLATE_CHOICES.find((t) => t.id === name)!.template;

/**
 * What New app can start from: a language template, or a starter repository with a Dockerfile
 * (built as is, lib/templates/dockerfile). Not a runtime image, so not in TEMPLATE_CHOICES.
 */
export const STARTER_CHOICES = [
  ...TEMPLATE_CHOICES,
  { id: 'dockerfile', template: 'DOCKERFILE', label: 'Dockerfile', hint: 'your own image, built as is' },
] as const;
export type StarterName = (typeof STARTER_CHOICES)[number]['id'];
export const STARTER_NAMES = STARTER_CHOICES.map((t) => t.id) as [StarterName, ...StarterName[]];
/** "php, node, python, java, static, dockerfile". */
export const STARTER_NAME_LIST = STARTER_NAMES.join(', ');
