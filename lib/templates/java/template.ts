import type { LanguageTemplate } from '../language';
import { hasFile } from '../language';
import type { JavaPlan, SourceTree } from '../types';

/**
 * Java: Debian OpenJDK 17. pom.xml → `mvn -B package` (needs Maven Central); plain *.java →
 * `javac` into /app/classes, then `java` with the class that has `main` (or the Procfile);
 * a prebuilt *.jar → `java -jar`.
 */
/** Where berth/runtime-java links the Debian JDBC drivers (see runtimes/java/Dockerfile). */
export const JDBC_DIR = '/usr/share/berth/jdbc';
/** berth/runtime-java's CDS archives: javac's classes, a small web app's JDK classes (runtimes/java/Dockerfile). */
export const JAVAC_ARCHIVE = '/usr/share/berth/javac.jsa';
export const JAVA_ARCHIVE = '/usr/share/berth/java.jsa';
/**
 * Flags of the `java` commands Berth generates (a Procfile web line runs as written). At the
 * small tier's 0.5 CPU the JVM sees one processor and picks SerialGC, with which it ignores an
 * archive's heap objects (module graph, strings); G1 maps them. C1 only: no C2 compiler thread
 * competing with the boot. The archive: com.sun.net.httpserver and friends mapped, not loaded.
 * Starter boot 0.76 → ~0.5 s, memory not higher (bench/boot.ts); the cost is the peak speed of
 * long-running hot code, which a Procfile line can take back.
 */
export const JAVA_FLAGS = `-XX:SharedArchiveFile=${JAVA_ARCHIVE} -XX:+UseG1GC -XX:TieredStopAtLevel=1`;
/** javac: its classes mapped from the archive, C1 only (a short run): 1.4 → 0.75 s for a small app. */
const JAVAC_FLAGS = `-J-XX:SharedArchiveFile=${JAVAC_ARCHIVE} -J-XX:TieredStopAtLevel=1`;

export const java: LanguageTemplate<JavaPlan> = {
  template: 'JAVA',
  runtime: 'java',
  looksFor: 'pom.xml, *.java or *.jar (Java)',
  matches: (tree) =>
    (hasFile(tree, 'pom.xml') ? 'pom.xml' : null) ??
    tree.files.find((f) => f.endsWith('.java')) ??
    findJar(tree),
  plan: (tree, warnings) => {
    if (hasFile(tree, 'pom.xml')) return { template: 'JAVA', mode: 'maven' };
    const sources = tree.files.filter((f) => f.endsWith('.java'));
    if (sources.length > 0) {
      const mains = findMainClasses(tree, sources);
      const mainClass = pickMain(mains);
      if (mains.length > 1) warnings.push(`Several classes have main (${mains.join(', ')}); using ${mainClass}`);
      return { template: 'JAVA', mode: 'javac', mainClass, hasLib: tree.files.some((f) => /^lib\/[^/]+\.jar$/.test(f)) };
    }
    return { template: 'JAVA', mode: 'jar', jar: findJar(tree)! };
  },
  // javac compiles against the repo's lib/*.jar and the runtime's JDBC jars only; jar mode has no RUN step.
  needsNetwork: (plan) => plan.mode === 'maven',
  dockerfile: (plan, b, processTypes) => {
    if (plan.mode === 'maven') {
      b.copyFiles(['pom.xml']);
      // Fetch plugins and dependencies in their own layer: a code change reuses it.
      b.run('mvn -B -q dependency:go-offline', 'install dependencies');
      if (processTypes.web) b.shellCmd(processTypes.web);
      else b.shellCmd(`java ${JAVA_FLAGS} -jar "$(ls target/*.jar | grep -v -e -sources -e -javadoc | head -n 1)"`);
      b.copySource();
      b.run('mvn -B -o -DskipTests package', 'compile');
      return;
    }
    if (plan.mode === 'jar') {
      if (processTypes.web) b.shellCmd(processTypes.web);
      else b.shellCmd(`java ${JAVA_FLAGS} -jar ${JSON.stringify(plan.jar)}`);
      b.copySource();
      return;
    }
    // JDBC_DIR: the runtime's PostgreSQL and MariaDB drivers, so DriverManager finds them.
    const classpath = plan.hasLib ? `/app/classes:/app/lib/*:${JDBC_DIR}/*` : `/app/classes:${JDBC_DIR}/*`;
    if (processTypes.web) b.shellCmd(processTypes.web);
    else if (plan.mainClass) b.shellCmd(`java ${JAVA_FLAGS} -cp "${classpath}" ${plan.mainClass}`);
    else b.add('CMD ["/bin/sh", "-c", "echo \'No class with public static void main found; add a Procfile web: line\' >&2; exit 1"]');
    b.copySource();
    // Compiled before the build by the app's warm javac (lib/builds/warm-javac): src/classes came with the code.
    if (plan.precompiled) return;
    b.run(
      "find . -name '*.java' -not -path './classes/*' > /tmp/berth-sources.txt && " +
        `javac ${JAVAC_FLAGS} -encoding UTF-8 -d /app/classes -cp "${plan.hasLib ? '/app/lib/*:' : ''}${JDBC_DIR}/*" @/tmp/berth-sources.txt`,
      'compile',
    );
  },
};

function findJar(tree: SourceTree): string | null {
  const jars = tree.files.filter((f) => /^(target\/|build\/libs\/)?[^/]+\.jar$/.test(f));
  return jars.find((f) => !f.includes('/')) ?? jars[0] ?? null;
}

/** Fully qualified names of classes declaring `public static void main(`. */
export function findMainClasses(tree: SourceTree, sources: string[]): string[] {
  const mains: string[] = [];
  for (const file of sources) {
    const text = tree.read(file);
    if (!text || !/(public\s+static|static\s+public)\s+void\s+main\s*\(/.test(text)) continue;
    const pkg = /^\s*package\s+([\w.]+)\s*;/m.exec(text)?.[1];
    const cls = file.split('/').pop()!.replace(/\.java$/, '');
    if (!/^[\w$]+$/.test(cls)) continue;
    mains.push(pkg ? `${pkg}.${cls}` : cls);
  }
  return mains.sort();
}

function pickMain(mains: string[]): string | null {
  const preferred = ['Main', 'App', 'Application', 'Server'];
  for (const name of preferred) {
    const hit = mains.find((m) => m === name || m.endsWith(`.${name}`));
    if (hit) return hit;
  }
  return mains[0] ?? null;
}
