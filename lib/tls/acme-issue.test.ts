import { describe, expect, it } from 'vitest';
import { looksLikeDnsProblem } from './acme-issue';

describe('looksLikeDnsProblem', () => {
  it('reads "the name does not reach Berth yet" from CA answers', () => {
    expect(looksLikeDnsProblem('DNS problem: NXDOMAIN looking up A for shop.example.com')).toBe(true);
    expect(looksLikeDnsProblem('Get "http://shop.example.com/.well-known/acme-challenge/x": dial tcp 1.2.3.4:80: connect: connection refused')).toBe(true);
    expect(looksLikeDnsProblem('The key authorization file from the server did not match this challenge')).toBe(true);
    expect(looksLikeDnsProblem('Invalid response from http://shop.example.com/.well-known/acme-challenge/x: 404')).toBe(true);
  });
  it('keeps other failures as failures', () => {
    expect(looksLikeDnsProblem('Error creating new order :: too many certificates already issued')).toBe(false);
    expect(looksLikeDnsProblem('getaddrinfo ENOTFOUND acme-v02.api.letsencrypt.org')).toBe(false);
  });
});
