import type { LanguageTemplate } from '../language';
import { hasFile } from '../language';
import type { PhpPlan } from '../types';

/**
 * PHP: Debian apache2 + mod_php. Docroot /app/public when the repo has public/, else /app;
 * .htaccess works (AllowOverride All, mod_rewrite). composer.json → `composer install`, which
 * only needs Packagist when the app actually requires packages.
 */
export const php: LanguageTemplate<PhpPlan> = {
  template: 'PHP',
  runtime: 'php',
  looksFor: 'composer.json or index.php (PHP)',
  matches: (tree) =>
    ['composer.json', 'index.php', 'public/index.php'].find((f) => hasFile(tree, f)) ?? null,
  plan: (tree) => ({
    template: 'PHP',
    docroot: tree.files.some((f) => f.startsWith('public/')) ? '/app/public' : '/app',
    composer: hasFile(tree, 'composer.json'),
    composerLock: hasFile(tree, 'composer.lock'),
  }),
  // composer install may need Packagist; without composer.json there is no RUN step of the app's.
  needsNetwork: (plan) => plan.composer,
  dockerfile: (plan, b, processTypes) => {
    if (plan.composer) {
      b.copyFiles(plan.composerLock ? ['composer.json', 'composer.lock'] : ['composer.json']);
      b.run('composer install --no-dev --no-interaction --no-progress --no-scripts --no-autoloader', 'install dependencies');
    }
    b.add(`ENV APACHE_DOCROOT=${plan.docroot}`);
    // Heroku's PHP buildpack command means "apache on this docroot": ours already is.
    const web = processTypes.web;
    if (web && !/^(vendor\/bin\/)?heroku-php-(apache2|nginx)\b/.test(web)) b.shellCmd(web);
    else b.add('CMD ["/usr/local/bin/berth-apache"]');
    b.copySource();
    if (plan.composer) b.run('composer dump-autoload --no-dev --optimize --no-interaction', 'install dependencies');
  },
};
