import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMentions, previewOf, renderMarkdown, sanitize } from './markdown.ts';

// The second layer alone: raw HTML straight into the allow-list sanitiser.
test('the sanitiser drops scripts, frames, images, handlers and unsafe URL schemes', () => {
  const html = sanitize(
    [
      '<script>alert(1)</script>',
      '<iframe src="https://evil.test"></iframe>',
      '<a href="javascript:alert(1)">js</a>',
      '<a href="JaVaScRiPt:alert(1)">js2</a>',
      '<a href="data:text/html,x">data</a>',
      '<a href="vbscript:x">vb</a>',
      '<img src="x" onerror="alert(1)">',
      '<p onclick="alert(1)" style="color:red">p</p>',
      '<svg><script>alert(1)</script></svg>',
      '<object data="x"></object><embed src="x">',
      '<a href="https://ok.test/a" onmouseover="x">ok</a>',
    ].join(''),
  );
  assert.doesNotMatch(html, /<(script|iframe|img|svg|object|embed)\b/i);
  assert.doesNotMatch(html, /href="(javascript|data|vbscript):/i);
  assert.doesNotMatch(html, /<[^>]+\s(on\w+|style)\s*=/i);
  assert.match(
    html,
    /<a href="https:\/\/ok\.test\/a" rel="noopener noreferrer nofollow" target="_blank">ok<\/a>/,
  );
});

test('Markdown renders the usual formatting and keeps raw HTML as text', () => {
  const html = renderMarkdown(
    '# KPTI\n\n**fixed** in `4.14.11`\n\n- host kernel\n- hypervisor\n\n<b>raw</b>',
  );
  assert.match(html, /<h1>KPTI<\/h1>/);
  assert.match(html, /<strong>fixed<\/strong> in <code>4\.14\.11<\/code>/);
  assert.match(html, /<li>hypervisor<\/li>/);
  assert.match(html, /&lt;b&gt;raw&lt;\/b&gt;/);
  assert.doesNotMatch(renderMarkdown('[x](javascript:alert(1)) <javascript:alert(1)>'), /href=/);
});

test('mentions: @user@org and @org, not e-mail addresses; previews are one line', () => {
  assert.deepEqual(
    parseMentions('cc @alice@ovh, @packet and @packet again; mail psirt@intel.test').map(
      (m) => `${m.kind}:${m.text}`,
    ),
    ['user:alice@ovh', 'org:packet'],
  );
  assert.equal(previewOf('a\n\nb   c', 10), 'a b c');
  assert.equal(previewOf('x'.repeat(200), 10).length, 10);
});
