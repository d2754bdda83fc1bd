import { describe, expect, it } from 'vitest';
import { parseAppJson, parseAppJsonEnv, parseAppJsonScripts } from './app-json';
import { detectTemplate } from './detect';
import { generateDockerfile } from './generate-dockerfile';
import { parseProcfile, parseProcfileDetailed } from './procfile';
import { starterFiles } from './starter';
import type { SourceTree } from './types';

const tree = (files: Record<string, string>): SourceTree => ({
  files: Object.keys(files),
  read: (p) => files[p] ?? null,
});

describe('parseProcfile', () => {
  it('reads types, skips comments and blank lines, last duplicate wins', () => {
    const text = '# processes\n\nweb: gunicorn app:app --bind 0.0.0.0:$PORT\nworker:python worker.py\r\nweb: node a.js\n';
    expect(parseProcfile(text)).toEqual({ web: 'node a.js', worker: 'python worker.py' });
  });
  it('reports lines it cannot read', () => {
    const { processTypes, warnings } = parseProcfileDetailed('just a command\nclock:\nrelease: ./migrate');
    expect(processTypes).toEqual({ release: './migrate' });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/line 1/);
  });
});

describe('parseAppJson', () => {
  it('reads Dokku-style healthchecks (seconds → ms)', () => {
    const text = JSON.stringify({
      healthchecks: { web: [{ type: 'liveness', path: '/live' }, { type: 'startup', path: 'health', timeout: 3, attempts: 4 }] },
    });
    expect(parseAppJson(text)).toEqual({ path: '/health', expectedStatus: 200, timeoutMs: 3000, attempts: 4 });
  });
  it('reads Dokku content and wait (seconds)', () => {
    const text = JSON.stringify({ healthchecks: { web: [{ path: '/', content: 'Hello', wait: 2, attempts: 3 }] } });
    expect(parseAppJson(text)).toMatchObject({ path: '/', content: 'Hello', waitMs: 2000, attempts: 3 });
  });
  it('reads the flat shape and defaults', () => {
    expect(parseAppJson('{"healthcheck":{"path":"/up","expectedStatus":204}}')).toEqual({
      path: '/up',
      expectedStatus: 204,
      timeoutMs: 5000,
      attempts: 10,
    });
  });
  it('returns null without a health check and throws on invalid JSON', () => {
    expect(parseAppJson('{"name":"x"}')).toBeNull();
    expect(() => parseAppJson('{nope')).toThrow(/not valid JSON/);
  });
});

describe('parseAppJsonEnv', () => {
  it('reads defaults and explicit required, skips bad names and bad JSON', () => {
    const text = JSON.stringify({
      env: { A: 'one', B: { value: 2 }, SECRET: { description: 'x', required: true }, OPT: { description: 'y' }, 'bad-name': 'z' },
    });
    expect(parseAppJsonEnv(text)).toEqual({
      A: { value: 'one', required: false },
      B: { value: '2', required: false },
      SECRET: { value: null, required: true },
      OPT: { value: null, required: false },
    });
    expect(parseAppJsonEnv('{nope')).toEqual({});
  });
});

describe('parseAppJsonScripts', () => {
  it('reads Dokku predeploy/postdeploy and Heroku postdeploy', () => {
    expect(parseAppJsonScripts('{"scripts":{"dokku":{"predeploy":"./migrate","postdeploy":"./warm"},"postdeploy":"x"}}')).toEqual({
      predeploy: './migrate',
      postdeploy: './warm',
    });
    expect(parseAppJsonScripts('{"scripts":{"postdeploy":{"command":"rake seed"}}}')).toEqual({ postdeploy: 'rake seed' });
    expect(parseAppJsonScripts('{"scripts":{}}')).toEqual({});
  });
});

describe('detectTemplate', () => {
  it('prefers a repo Dockerfile', () => {
    expect(detectTemplate(tree({ Dockerfile: 'FROM x', 'package.json': '{}' }), 'NODE').template).toBe('DOCKERFILE');
  });
  it('keeps the chosen template when its files are present', () => {
    const files = { 'index.php': '<?php', 'package.json': '{}' };
    expect(detectTemplate(tree(files)).template).toBe('PHP');
    expect(detectTemplate(tree(files), 'NODE').template).toBe('NODE');
    // Chosen PHP but the commit only has Python: the files decide.
    expect(detectTemplate(tree({ 'app.py': 'print(1)' }), 'PHP').template).toBe('PYTHON');
  });
  it('detects each language from its files', () => {
    expect(detectTemplate(tree({ 'composer.json': '{}' })).template).toBe('PHP');
    expect(detectTemplate(tree({ 'public/index.php': '' }))).toMatchObject({ template: 'PHP', docroot: '/app/public' });
    expect(detectTemplate(tree({ 'requirements.txt': '' })).template).toBe('PYTHON');
    expect(detectTemplate(tree({ 'app.jar': '' }))).toMatchObject({ template: 'JAVA', mode: 'jar', jar: 'app.jar' });
    expect(detectTemplate(tree({ 'pom.xml': '' }))).toMatchObject({ template: 'JAVA', mode: 'maven' });
  });
  it('finds the Java main class with its package', () => {
    const plan = detectTemplate(
      tree({
        'src/com/acme/Greeter.java': 'package com.acme;\nclass Greeter {}',
        'src/com/acme/Server.java': 'package com.acme;\npublic class Server { public static void main(String[] a) {} }',
      }),
    );
    expect(plan).toMatchObject({ template: 'JAVA', mode: 'javac', mainClass: 'com.acme.Server' });
  });
  it('finds a WSGI callable, preferring wsgi.py and `application`', () => {
    expect(detectTemplate(tree({ 'app.py': 'app = Flask(__name__)' }))).toMatchObject({ wsgi: 'app:app' });
    expect(detectTemplate(tree({ 'app.py': 'app = 1', 'wsgi.py': 'def application(e, s):\n  pass' }))).toMatchObject({
      wsgi: 'wsgi:application',
    });
    expect(detectTemplate(tree({ 'app.py': 'print("hi")' }))).toMatchObject({ wsgi: null, script: 'app.py' });
  });
  it('records Procfile and app.json', () => {
    const plan = detectTemplate(tree({ 'package.json': '{}', Procfile: 'web: node s.js\nworker: node w.js', 'app.json': '{"healthcheck":{"path":"/h"}}' }));
    expect(plan.processTypes).toEqual({ web: 'node s.js', worker: 'node w.js' });
    expect(plan.healthcheck?.path).toBe('/h');
  });
  it('fails listing what it looked for', () => {
    expect(() => detectTemplate(tree({ 'README.md': '# hi' }))).toThrow(
      /No language detected\. Looked for a Dockerfile.*composer\.json or index\.php.*package\.json.*requirements\.txt.*pom\.xml/,
    );
  });
});

describe('generateDockerfile', () => {
  it('node: manifests and install before the code, code last', () => {
    const { dockerfile, steps } = generateDockerfile(detectTemplate(tree({ 'package.json': '{}', 'package-lock.json': '{}' })));
    const lines = dockerfile.trim().split('\n');
    expect(lines[0]).toBe('FROM berth/runtime-node');
    const install = lines.indexOf('RUN npm ci --omit=dev');
    expect(install).toBeGreaterThan(lines.indexOf('COPY --chown=app:app ["src/package.json","src/package-lock.json","./"]'));
    expect(lines.indexOf('COPY --chown=app:app src/ ./')).toBeGreaterThan(install);
    expect(lines.at(-2)).toBe('CMD ["npm", "start"]');
    expect(lines.at(-1)).toBe('COPY --chown=app:app src/ ./');
    expect(steps[install + 1]).toBe('install dependencies');
    // Debian's node reads OpenSSL's store, i.e. SSL_CERT_FILE: no NODE_EXTRA_CA_CERTS to parse at each start.
    expect(dockerfile).toMatch(/SSL_CERT_FILE=\/etc\/berth\/ca\.pem/);
    expect(dockerfile).not.toContain('NODE_EXTRA_CA_CERTS');
    expect(dockerfile).toContain('USER app');
  });
  it('node: a start script that is only `node <file>` runs directly, anything else through npm', () => {
    const cmd = (pkg: object) => generateDockerfile(detectTemplate(tree({ 'package.json': JSON.stringify(pkg) }))).dockerfile.trim().split('\n').at(-2);
    expect(cmd({ scripts: { start: 'node server.js' } })).toBe('CMD ["node","server.js"]');
    expect(cmd({ scripts: { start: ' node --enable-source-maps dist/main.js  ' } })).toBe('CMD ["node","--enable-source-maps","dist/main.js"]');
    expect(cmd({ scripts: { start: 'node server.js', prestart: 'tsc' } })).toBe('CMD ["npm", "start"]');
    expect(cmd({ scripts: { start: 'node server.js && echo done' } })).toBe('CMD ["npm", "start"]');
    expect(cmd({ scripts: { start: 'node $ENTRY' } })).toBe('CMD ["npm", "start"]');
    expect(cmd({ scripts: { start: 'next start' } })).toBe('CMD ["npm", "start"]');
    expect(cmd({})).toBe('CMD ["npm", "start"]');
  });
  it('node without lockfile uses npm install; Procfile web becomes a shell CMD', () => {
    const { dockerfile } = generateDockerfile(detectTemplate(tree({ 'package.json': '{}', Procfile: 'web: node "s.js" --port $PORT' })));
    expect(dockerfile).toContain('RUN npm install --omit=dev');
    expect(dockerfile).toContain('CMD ["/bin/sh","-c","exec node \\"s.js\\" --port $PORT"]');
  });
  it('php: docroot, composer only with composer.json, heroku-php-apache2 maps to apache', () => {
    const plain = generateDockerfile(detectTemplate(tree({ 'index.php': '' }))).dockerfile;
    expect(plain).toContain('ENV APACHE_DOCROOT=/app');
    expect(plain).not.toContain('composer');
    const withComposer = generateDockerfile(
      detectTemplate(tree({ 'composer.json': '{}', 'public/index.php': '', Procfile: 'web: heroku-php-apache2 public/' })),
    ).dockerfile;
    expect(withComposer).toContain('ENV APACHE_DOCROOT=/app/public');
    expect(withComposer).toMatch(/RUN composer install .*\n/);
    expect(withComposer).toContain('CMD ["/usr/local/bin/berth-apache"]');
    expect(withComposer.trim().split('\n').at(-1)).toMatch(/^RUN composer dump-autoload/);
  });
  it('labels: one LABEL step, after the dependency install and just before the code', () => {
    const plan = detectTemplate(tree({ 'requirements.txt': 'flask', 'wsgi.py': 'application = 1' }));
    const plain = generateDockerfile(plan).dockerfile;
    expect(plain).not.toContain('LABEL');
    const { dockerfile, steps } = generateDockerfile(plan, { labels: { 'berth.installation': 'x1', 'berth.app': 'shop' } });
    const lines = dockerfile.trim().split('\n');
    const label = lines.findIndex((l) => l.startsWith('LABEL'));
    expect(lines.filter((l) => l.startsWith('LABEL'))).toEqual(['LABEL "berth.app"="shop" "berth.installation"="x1"']);
    expect(lines[label + 1]).toBe('COPY --chown=app:app src/ ./');
    expect(label).toBeGreaterThan(lines.findIndex((l) => l.startsWith('RUN pip install')));
    // Step numbers still name the right lines.
    expect(lines[Number(Object.entries(steps).find(([, s]) => s === 'install dependencies')?.[0]) - 1]).toMatch(/^RUN pip install/);
  });
  it('python: pip install and gunicorn on $PORT', () => {
    const { dockerfile } = generateDockerfile(detectTemplate(tree({ 'requirements.txt': 'flask', 'wsgi.py': 'application = 1' })));
    expect(dockerfile).toContain('RUN pip install -r requirements.txt');
    expect(dockerfile).toContain('gunicorn --bind 0.0.0.0:${PORT:-8080}');
    expect(dockerfile).toContain('wsgi:application');
  });
  it('java: javac is the compile step and java runs the main class', () => {
    const { dockerfile, steps } = generateDockerfile(
      detectTemplate(tree({ 'src/Main.java': 'public class Main { public static void main(String[] a) {} }' })),
    );
    const lines = dockerfile.trim().split('\n');
    const javac = lines.findIndex((l) => l.includes('javac'));
    expect(steps[javac + 1]).toBe('compile');
    // The runtime's JDBC drivers are on the class path of both javac and java.
    expect(lines).toContain('CMD ["/bin/sh","-c","exec java -XX:SharedArchiveFile=/usr/share/berth/java.jsa -XX:+UseG1GC -XX:TieredStopAtLevel=1 -cp \\"/app/classes:/usr/share/berth/jdbc/*\\" Main"]');
    expect(lines[javac]).toContain('-cp "/usr/share/berth/jdbc/*"');
    // javac maps the runtime image's archive of its own classes and skips C2: a faster build step.
    expect(lines[javac]).toContain('javac -J-XX:SharedArchiveFile=/usr/share/berth/javac.jsa -J-XX:TieredStopAtLevel=1 ');
    expect(javac).toBe(lines.length - 1);
  });
  it('java, precompiled by the warm javac: the same image but for the javac step (the classes came with the code)', () => {
    const plan = detectTemplate(tree({ 'src/Main.java': 'public class Main { public static void main(String[] a) {} }' }));
    if (plan.template !== 'JAVA' || plan.mode !== 'javac') throw new Error('expected a javac plan');
    const cold = generateDockerfile(plan).dockerfile.trim().split('\n');
    const warm = generateDockerfile({ ...plan, precompiled: true });
    expect(warm.dockerfile.trim().split('\n')).toEqual(cold.slice(0, -1));
    expect(Object.values(warm.steps)).not.toContain('compile');
  });
});

describe('Dokku-style apps', () => {
  it('python: a Procfile naming a .py file is enough (no requirements.txt)', () => {
    const files = { Procfile: 'web: python3 -u web.py\n', 'web.py': 'print(1)' };
    const plan = detectTemplate(tree(files), 'PYTHON');
    expect(plan).toMatchObject({ template: 'PYTHON', requirements: false });
    expect(plan.reason).toMatch(/web\.py found/);
    expect(generateDockerfile(plan).dockerfile).toContain('exec python3 -u web.py');
    expect(detectTemplate(tree(files)).template).toBe('PYTHON');
  });
  it('python: pyproject.toml, setup.py and runtime.txt are recognised', () => {
    for (const f of ['pyproject.toml', 'setup.py', 'runtime.txt'])
      expect(detectTemplate(tree({ [f]: '', Procfile: 'web: python3 x' })).template).toBe('PYTHON');
  });
  it('the chosen template plus a Procfile web line builds even without its marker files', () => {
    const plan = detectTemplate(tree({ Procfile: 'web: ./server --port $PORT', server: '' }), 'NODE');
    expect(plan.template).toBe('NODE');
    expect(plan.reason).toMatch(/Procfile found.*chosen/);
    expect(() => detectTemplate(tree({ Procfile: 'web: ./server' }))).toThrow(/No language detected/);
  });
  it('static: index.html or .static; static.json root, clean_urls and error_page', () => {
    expect(detectTemplate(tree({ '.static': '', 'www/index.html': '' })).template).toBe('STATIC');
    const plan = detectTemplate(
      tree({ 'index.html': '', 'static.json': '{"root":"public/","clean_urls":true,"error_page":"404.html"}' }),
    );
    expect(plan).toMatchObject({ template: 'STATIC', root: 'public', cleanUrls: true, errorPage: '404.html' });
    const { dockerfile } = generateDockerfile(plan);
    expect(dockerfile).toContain('FROM berth/runtime-static');
    expect(dockerfile).toContain('ENV STATIC_ROOT=public STATIC_CLEAN_URLS=1 STATIC_404=404.html');
    const bad = detectTemplate(tree({ 'index.html': '', 'static.json': '{"root":"../etc"}' }));
    expect(bad).toMatchObject({ root: null });
    expect(bad.warnings.join()).toMatch(/root/);
  });
});

describe('starterFiles', () => {
  it('has a starter per template that the detection recognises', async () => {
    for (const template of ['PHP', 'NODE', 'PYTHON', 'JAVA', 'STATIC', 'DOCKERFILE'] as const) {
      const files = await starterFiles(template);
      const text = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v.toString()]));
      expect(detectTemplate(tree(text)).template).toBe(template);
    }
  });
});
