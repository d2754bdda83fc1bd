import type { TemplateName } from '../../lib/model/templates';

/** What each template's starter app says (lib/templates/<lang>/starter), and the file that says it. */
export const STARTER_TEXT: Record<TemplateName, { file: string; greeting: string }> = {
  php: { file: 'index.php', greeting: 'Hello from PHP' },
  node: { file: 'server.js', greeting: 'Hello from Node.js' },
  python: { file: 'app.py', greeting: 'Hello from Python' },
  java: { file: 'src/Main.java', greeting: 'Hello from Java' },
  static: { file: 'index.html', greeting: 'Hello from a static site' },
};
