import type { LanguageTemplate } from '../language';
import { hasFile } from '../language';
import { parseProcfile } from '../procfile';
import type { PythonPlan } from '../types';

/**
 * Python: Debian python3 with a venv (/opt/venv, --system-site-packages so Debian's gunicorn is
 * importable). requirements.txt → pip install. A WSGI module (wsgi.py or app.py defining
 * `application` or `app`) is served by gunicorn on 0.0.0.0:$PORT; else `python3 app.py`.
 * The Procfile's web command wins over both.
 */
export const python: LanguageTemplate<PythonPlan> = {
  template: 'PYTHON',
  runtime: 'python',
  looksFor:
    'requirements.txt, Pipfile, pyproject.toml, setup.py, runtime.txt, wsgi.py, app.py or a *.py named by the Procfile (Python)',
  matches: (tree) =>
    PYTHON_FILES.find((f) => hasFile(tree, f)) ?? procfilePythonScripts(tree).find((f) => hasFile(tree, f)) ?? null,
  plan: (tree, warnings) => {
    if (!hasFile(tree, 'requirements.txt'))
      for (const file of ['Pipfile', 'pyproject.toml', 'setup.py'].filter((f) => hasFile(tree, f)))
        warnings.push(`${file} found but only requirements.txt installs dependencies: add one if the app needs packages`);
    return {
      template: 'PYTHON',
      requirements: hasFile(tree, 'requirements.txt'),
      wsgi: findWsgi(tree),
      script: hasFile(tree, 'app.py') ? 'app.py' : null,
    };
  },
  needsNetwork: (plan) => plan.requirements, // pip install; nothing else runs
  dockerfile: (plan, b, processTypes) => {
    if (plan.requirements) {
      b.copyFiles(['requirements.txt']);
      b.run('pip install -r requirements.txt', 'install dependencies');
    }
    if (processTypes.web) b.shellCmd(processTypes.web);
    else if (plan.wsgi)
      b.shellCmd(
        `python3 -m gunicorn --bind 0.0.0.0:\${PORT:-8080} --access-logfile - --graceful-timeout 10 ${plan.wsgi}`,
      );
    else b.shellCmd(`python3 ${plan.script ?? 'app.py'}`);
    b.copySource();
  },
};

const PYTHON_FILES = ['requirements.txt', 'Pipfile', 'pyproject.toml', 'setup.py', 'runtime.txt', 'wsgi.py', 'app.py'];

/** `*.py` paths named by the Procfile's commands (`web: python3 -u web.py` → web.py). */
export function procfilePythonScripts(tree: { read: (p: string) => string | null }): string[] {
  const text = tree.read('Procfile');
  if (text === null) return [];
  return Object.values(parseProcfile(text)).flatMap((command) =>
    command
      .split(/\s+/)
      .filter((word) => /^[\w./-]+\.py$/.test(word))
      .map((word) => word.replace(/^\.\//, '')),
  );
}

/** "wsgi:application" style target, preferring wsgi.py and the name `application`. */
export function findWsgi(tree: { read: (p: string) => string | null }): string | null {
  for (const file of ['wsgi.py', 'app.py']) {
    const text = tree.read(file);
    if (text === null) continue;
    const module = file.replace(/\.py$/, '');
    for (const name of ['application', 'app']) {
      const defined = new RegExp(`^(${name}\\s*(:[^=\\n]*)?=|def ${name}\\s*\\(|class ${name}\\b)`, 'm');
      if (defined.test(text)) return `${module}:${name}`;
    }
  }
  return null;
}
