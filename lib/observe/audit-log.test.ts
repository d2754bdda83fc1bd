import { describe, expect, it } from 'vitest';
import { auditWhere, ZAuditQuery } from './audit-log';

describe('audit query', () => {
  it('empty form fields are unset; every filter becomes one condition', () => {
    expect(auditWhere(ZAuditQuery.parse({ app: '', actor: '', action: '', from: '', to: '' }))).toEqual({});
    const where = auditWhere(ZAuditQuery.parse({ app: 'shop', actor: 'Ann@x.test', action: 'deploy', from: '2026-11-30', to: '2026-11-30', people: '1' }));
    expect(where).toEqual({
      AND: [
        { appName: 'shop' },
        { actorEmail: { equals: 'Ann@x.test', mode: 'insensitive' } },
        { actorId: { not: null } },
        { kind: { startsWith: 'deploy' } },
        { createdAt: { gte: new Date('2026-11-30T00:00:00Z'), lt: new Date('2026-12-01T00:00:00Z') } },
      ],
    });
  });

  it('"system" means events nobody did', () => {
    expect(auditWhere(ZAuditQuery.parse({ actor: 'system' }))).toEqual({ AND: [{ actorId: null, actorEmail: null }] });
  });

  it('refuses bad input with a reason', () => {
    expect(() => auditWhere(ZAuditQuery.parse({ from: '2026-12-02', to: '2026-12-01' }))).toThrow('The date range ends before it starts');
    expect(ZAuditQuery.safeParse({ from: 'yesterday' }).success).toBe(false);
    expect(ZAuditQuery.safeParse({ action: 'DROP TABLE' }).success).toBe(false);
    expect(ZAuditQuery.safeParse({ before: '12x' }).success).toBe(false);
  });
});
