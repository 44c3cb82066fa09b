/** The viewer's sub-request labels: host plus the part of the path that tells rows apart. */
import { describe, expect, it } from 'vitest';
import { fitPath, subrequestLabels } from '../../src/viewer/subrequest-label.ts';

const texts = (urls: string[]): string[] => subrequestLabels(urls).map((label) => label.host + label.path);

describe('subrequestLabels', () => {
  it('shows host and path when the paths share nothing', () => {
    expect(texts(['http://api.example.com/user', 'http://api.example.com/offers'])).toEqual(['api.example.com/user', 'api.example.com/offers']);
  });

  it('folds the leading segments every call to a host shares into …', () => {
    expect(texts([
      'https://cdn.example.com/assets/v3/img/logo.png',
      'https://cdn.example.com/assets/v3/css/site.css',
      'https://api.example.com/assets/v3/x',
    ])).toEqual(['cdn.example.com/…/img/logo.png', 'cdn.example.com/…/css/site.css', 'api.example.com/assets/v3/x']);
  });

  it('keeps the last segment when one path is the prefix of another, and the query when only it differs', () => {
    expect(texts(['https://a.example/v1/items', 'https://a.example/v1/items/7'])).toEqual(['a.example/…/items', 'a.example/…/items/7']);
    expect(texts(['https://a.example/v1/search?q=a', 'https://a.example/v1/search?q=b'])).toEqual(['a.example/v1/search?q=a', 'a.example/v1/search?q=b']);
  });

  it('keeps a port in the host, and the full URL for the tooltip', () => {
    const [label] = subrequestLabels(['http://127.0.0.1:8080/x?y=1']);
    expect(label).toEqual({ host: '127.0.0.1:8080', path: '/x?y=1', full: 'http://127.0.0.1:8080/x?y=1' });
  });

  it('shortens a long path from the front, at a segment boundary, keeping its end', () => {
    const [label] = subrequestLabels([`https://a.example/${'segment/'.repeat(10)}report.json`], 30);
    expect(label?.path.length).toBeLessThanOrEqual(30);
    expect(label?.path).toMatch(/^…\/.*report\.json$/);
    expect(fitPath('/short', 30)).toBe('/short');
  });

  it('shows a URL it cannot parse as it is', () => {
    expect(subrequestLabels(['not a url'])).toEqual([{ host: '', path: 'not a url', full: 'not a url' }]);
  });
});
