import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ensureRuntimeImage, runtimeHash, runtimeImage, type Runtime } from '../../lib/templates/runtime-images';

const run = promisify(execFile);

/**
 * Issue #12 point 5: the runtimes come ready to connect to add-ons. Each check runs in the
 * runtime image of this checkout's Dockerfile, named by its hash tag (`latest` may be another
 * checkout's build on a shared engine), as the image's own non-root user.
 */
async function inRuntime(runtime: Runtime, argv: string[]): Promise<string> {
  await ensureRuntimeImage(runtime);
  const image = `${runtimeImage(runtime)}:${await runtimeHash(runtime)}`;
  const { stdout } = await run('docker', ['run', '--rm', '--network', 'none', '--entrypoint', argv[0], image, ...argv.slice(1)], {
    timeout: 120_000,
  });
  return stdout;
}

describe('runtime images load their add-on drivers', () => {
  it('PHP: pdo_pgsql, pdo_mysql and redis, in the CLI and in apache mod_php', async () => {
    const out = await inRuntime('php', [
      'php',
      '-r',
      'foreach (["pdo_pgsql", "pdo_mysql", "redis"] as $e) echo $e, "=", extension_loaded($e) ? "yes" : "no", "\\n";' +
        'echo "drivers=", implode(",", PDO::getAvailableDrivers()), "\\n";',
    ]);
    expect(out).toContain('pdo_pgsql=yes');
    expect(out).toContain('pdo_mysql=yes');
    expect(out).toContain('redis=yes');
    expect(out).toMatch(/drivers=.*pgsql/);
    expect(out).toMatch(/drivers=.*mysql/);
    // mod_php reads its own conf.d: the extensions must be enabled there too.
    const apache = await inRuntime('php', ['ls', '/etc/php/8.2/apache2/conf.d']);
    expect(apache).toMatch(/pdo_pgsql\.ini/);
    expect(apache).toMatch(/pdo_mysql\.ini/);
    expect(apache).toMatch(/redis\.ini/);
  }, 900_000);

  it("Python: psycopg2, PyMySQL and redis import in the apps' venv", async () => {
    const out = await inRuntime('python', [
      '/opt/venv/bin/python',
      '-c',
      'import sys, psycopg2, pymysql, redis; print(sys.prefix, psycopg2.__version__, pymysql.__version__, redis.__version__)',
    ]);
    expect(out).toMatch(/^\/opt\/venv \d+\.\d+/);
  }, 900_000);

  it('Java: the PostgreSQL and MariaDB JDBC drivers load from the default class path', async () => {
    const source =
      'public class C { public static void main(String[] a) throws Exception {' +
      ' System.out.println(Class.forName("org.postgresql.Driver").getName());' +
      ' System.out.println(Class.forName("org.mariadb.jdbc.Driver").getName()); } }';
    // Single-file source launch: no -cp given, so java uses the image's CLASSPATH.
    const out = await inRuntime('java', ['sh', '-c', 'printf "%s" "$0" > /tmp/C.java && java /tmp/C.java', source]);
    expect(out).toContain('org.postgresql.Driver');
    expect(out).toContain('org.mariadb.jdbc.Driver');
  }, 900_000);
});
