/**
 * The Content-Type Go's net/http picks for a handler that writes a body without setting one
 * (http.DetectContentType), reduced to the cases emulated programs produce: HTML fragments and
 * plain text. It matters through the API server's pod proxy, which rewrites links only in
 * text/html answers: upstream's proxy conformance test serves `<a href="/rewriteme">test</a>`
 * from agnhost porter and expects the link rewritten.
 */
const HTML_TAGS = ['<!DOCTYPE HTML', '<HTML', '<HEAD', '<SCRIPT', '<IFRAME', '<H1', '<DIV', '<FONT', '<TABLE', '<A', '<STYLE', '<TITLE', '<B', '<BODY', '<BR', '<P', '<!--'];
const LEADING_WHITESPACE = /^[\t\n\x0c\r ]*/;

export function sniffContentType(body: string): string {
  // Go looks at the first 512 bytes only, after skipping leading whitespace.
  const head = body.slice(0, 512).replace(LEADING_WHITESPACE, '');
  for (const tag of HTML_TAGS) {
    // A tag matches case-insensitively and only when followed by a space or '>' ("<Bx" is not <B>).
    const next = head.charAt(tag.length);
    if (head.slice(0, tag.length).toUpperCase() === tag && (next === ' ' || next === '>')) return 'text/html; charset=utf-8';
  }
  if (head.startsWith('<?xml')) return 'text/xml; charset=utf-8';
  if (head.startsWith('%PDF-')) return 'application/pdf';
  // Go answers application/octet-stream for binary data; emulated programs only write text.
  return 'text/plain; charset=utf-8';
}
