/**
 * A checker for the subset of the STIX 2.1 patterning grammar we emit (§9): observation
 * expressions `[ … ]` joined by AND/OR; inside, comparisons joined by AND/OR with parentheses;
 * object paths `type:prop(.prop|'quoted-prop'|[*]|[n])*`; operators = != > < >= <= IN LIKE
 * MATCHES ISSUBSET ISSUPERSET (optionally NOT); literals: quoted strings with \\ and \' escapes,
 * integers, floats, booleans, t'timestamps', and parenthesised lists for IN. Returns the
 * problems found (empty: valid). Independent of the code that writes patterns.
 */
const TOKEN =
  /\s*(?:(?<lb>\[)|(?<rb>\])|(?<lp>\()|(?<rp>\))|(?<comma>,)|(?<str>'(?:[^'\\]|\\['\\])*')|(?<ts>t'[^']*')|(?<num>-?\d+(?:\.\d+)?)|(?<op>!=|>=|<=|=|>|<)|(?<word>[A-Za-z_][A-Za-z0-9_-]*(?::[A-Za-z0-9_-]+)?)|(?<dot>\.)|(?<star>\[\*\]))/y;

interface Tok {
  kind: string;
  text: string;
}

function lex(s: string): Tok[] | string {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    if (/^\s+$/.test(s.slice(i))) break;
    // `[*]` and `[n]` after a path part are list indexes, not observation brackets.
    const idx = /^\[(?:\*|\d+)\]/.exec(s.slice(i));
    if (idx && out.length && ['word', 'str', 'index'].includes(out.at(-1)!.kind)) {
      out.push({ kind: 'index', text: idx[0] });
      i += idx[0].length;
      continue;
    }
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(s);
    if (!m?.groups) return `unexpected character at ${i}: ${JSON.stringify(s.slice(i, i + 10))}`;
    const [kind, text] = Object.entries(m.groups).find(([, v]) => v !== undefined)!;
    out.push({ kind, text: text! });
    i = TOKEN.lastIndex;
  }
  return out;
}

const OPERATORS = new Set(['IN', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET']);
const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'FOLLOWEDBY', ...OPERATORS, 'true', 'false']);

export function patternProblems(pattern: string): string[] {
  const toks = lex(pattern);
  if (typeof toks === 'string') return [toks];
  let pos = 0;
  const peek = () => toks[pos];
  const take = (kind: string, text?: string) => {
    const t = toks[pos];
    if (!t || t.kind !== kind || (text !== undefined && t.text !== text))
      throw new Error(`expected ${text ?? kind} at token ${pos}, got ${t ? t.text : 'end'}`);
    pos++;
    return t;
  };
  const isWord = (text: string) => peek()?.kind === 'word' && peek()!.text === text;

  function path() {
    const head = take('word');
    if (!/^[a-z0-9-]+:[A-Za-z0-9_-]+$/.test(head.text)) throw new Error(`bad object path start ${head.text}`);
    if (KEYWORDS.has(head.text)) throw new Error(`keyword where a path belongs: ${head.text}`);
    while (peek()?.kind === 'dot' || peek()?.kind === 'index') {
      if (take(peek()!.kind).kind === 'index') continue;
      const part = peek();
      if (part?.kind === 'str' || (part?.kind === 'word' && !part.text.includes(':'))) pos++;
      else throw new Error(`bad path component after '.' at token ${pos}`);
    }
  }
  function literal() {
    const t = peek();
    if (
      t &&
      (t.kind === 'str' ||
        t.kind === 'num' ||
        t.kind === 'ts' ||
        (t.kind === 'word' && (t.text === 'true' || t.text === 'false')))
    ) {
      pos++;
      return;
    }
    throw new Error(`expected a literal at token ${pos}`);
  }
  function comparison() {
    if (peek()?.kind === 'lp') {
      pos++;
      comparisons();
      take('rp');
      return;
    }
    path();
    if (isWord('NOT')) pos++;
    const t = peek();
    if (t?.kind === 'op') {
      pos++;
      literal();
    } else if (t?.kind === 'word' && OPERATORS.has(t.text)) {
      pos++;
      if (t.text === 'IN') {
        take('lp');
        literal();
        while (peek()?.kind === 'comma') {
          pos++;
          literal();
        }
        take('rp');
      } else literal();
    } else throw new Error(`expected an operator at token ${pos}`);
  }
  function comparisons() {
    comparison();
    while (isWord('AND') || isWord('OR')) {
      pos++;
      comparison();
    }
  }
  function observation() {
    if (peek()?.kind === 'lp') {
      pos++;
      observations();
      take('rp');
      return;
    }
    take('lb');
    comparisons();
    take('rb');
  }
  function observations() {
    observation();
    while (isWord('AND') || isWord('OR') || isWord('FOLLOWEDBY')) {
      pos++;
      observation();
    }
  }
  try {
    observations();
    if (pos !== toks.length) return [`unexpected ${toks[pos]!.text} at token ${pos}`];
    return [];
  } catch (err) {
    return [(err as Error).message];
  }
}
