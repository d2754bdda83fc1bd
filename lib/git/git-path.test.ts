import { describe, expect, it } from 'vitest';
import { parseGitPath } from './git-path';

describe('parseGitPath', () => {
  it('accepts the smart-HTTP endpoints', () => {
    expect(parseGitPath('GET', '/git/shop.git/info/refs', '?service=git-upload-pack')).toMatchObject({
      app: 'shop',
      service: 'git-upload-pack',
      pathInfo: '/shop.git/info/refs',
      queryString: 'service=git-upload-pack',
    });
    expect(parseGitPath('POST', '/git/shop.git/git-receive-pack', '')).toMatchObject({ service: 'git-receive-pack' });
    expect(parseGitPath('POST', '/git/shop.git/git-upload-pack', '')).toMatchObject({ service: 'git-upload-pack' });
  });

  it.each([
    ['GET', '/git/../../etc/passwd', ''],
    ['GET', '/git/%2e%2e/x.git/info/refs', '?service=git-upload-pack'],
    ['GET', '/git/shop.git/%2e%2e/info/refs', '?service=git-upload-pack'],
    ['GET', '/git/shop.git/objects/info/packs', ''],
    ['GET', '/git/shop.git/info/refs', ''],
    ['GET', '/git/shop.git/info/refs', '?service=git-upload-archive'],
    ['GET', '/git/Shop.git/info/refs', '?service=git-upload-pack'],
    ['GET', '/git/-h.git/info/refs', '?service=git-upload-pack'],
    ['GET', '/git/www.git/info/refs', '?service=git-upload-pack'],
    ['GET', '/git//shop.git/info/refs', '?service=git-upload-pack'],
    ['GET', '/git/shop.git/git-receive-pack', ''],
    ['POST', '/git/shop.git/info/refs', '?service=git-receive-pack'],
  ])('rejects %s %s%s', (method, path, search) => {
    expect(parseGitPath(method, path, search)).toBeNull();
  });
});
