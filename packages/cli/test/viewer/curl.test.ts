/** "Copy as curl": the recorded request as a shell command. */
import { describe, expect, it } from 'vitest';
import { announcesBody, curlCommand, shellQuote } from '../../src/viewer/curl.ts';

describe('curlCommand', () => {
  it('sends a GET to the URL with the header lines curl does not work out itself', () => {
    expect(curlCommand({
      method: 'GET',
      url: 'http://127.0.0.1:8080/account?tab=offers',
      headers: [['Host', '127.0.0.1:8080'], ['Accept', '*/*'], ['Connection', 'keep-alive'], ['x-weft-location', 'country=FR']],
      hasBody: false,
    })).toBe("curl 'http://127.0.0.1:8080/account?tab=offers' \\\n  -H 'Accept: */*' \\\n  -H 'x-weft-location: country=FR'");
  });

  it('keeps a Host other than the URL\'s, names other methods, and leaves room for a body it does not have', () => {
    const command = curlCommand({ method: 'PUT', url: 'http://127.0.0.1:9/x', headers: [['host', 'www.example.com'], ['content-length', '5']], hasBody: true });
    expect(command).toBe("curl -X PUT 'http://127.0.0.1:9/x' \\\n  -H 'host: www.example.com' \\\n  --data-binary @body.bin");
    expect(curlCommand({ method: 'POST', url: 'http://a/', headers: [], hasBody: true })).toBe("curl 'http://a/' \\\n  --data-binary @body.bin");
    expect(curlCommand({ method: 'HEAD', url: 'http://a/', headers: [], hasBody: false })).toBe("curl --head 'http://a/'");
  });

  it('quotes for a POSIX shell, a single quote included', () => {
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('$(rm -rf ~)')).toBe("'$(rm -rf ~)'");
    expect(shellQuote('plain')).toBe('plain');
  });

  it('tells a body from the header lines', () => {
    expect(announcesBody([['Content-Length', '0']])).toBe(false);
    expect(announcesBody([['Content-Length', '12']])).toBe(true);
    expect(announcesBody([['Transfer-Encoding', 'chunked']])).toBe(true);
  });
});
