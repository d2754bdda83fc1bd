import { describe, expect, it } from 'vitest';
import { registryRef, splitImageTag } from './image-ref';

describe('image refs', () => {
  it('splits repo and tag, also with a registry port', () => {
    expect(splitImageTag('berth/shop:abc123')).toEqual({ repo: 'berth/shop', tag: 'abc123' });
    expect(splitImageTag('berth/shop')).toEqual({ repo: 'berth/shop', tag: 'latest' });
    expect(splitImageTag('127.0.0.1:5000/berth/shop:v1')).toEqual({ repo: '127.0.0.1:5000/berth/shop', tag: 'v1' });
    expect(splitImageTag('127.0.0.1:5000/berth/shop')).toEqual({ repo: '127.0.0.1:5000/berth/shop', tag: 'latest' });
  });

  it('names the image in the registry', () => {
    expect(registryRef('127.0.0.1:5000', 'berth/shop:abc')).toBe('127.0.0.1:5000/berth/shop:abc');
  });
});
