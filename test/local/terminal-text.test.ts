import { describe, expect, it } from 'vitest';
import { spreadsheetCell, spreadsheetRecord, terminalLines, terminalText } from '../../local/terminal-text.js';

describe('terminalText', () => {
  it.each([
    ['colours and cursor moves', 'Eve \u001b[31mRed\u001b[0m \u001b[2J\u001b[1;1HExample', 'Eve Red Example'],
    ['a window title (OSC, BEL-terminated)', '\u001b]0;pwned\u0007Ana', 'Ana'],
    ['a hyperlink (OSC 8, ST-terminated)', '\u001b]8;;http://x\u001b\\click\u001b]8;;\u001b\\', 'click'],
    ['8-bit CSI and OSC', 'a\u009b2Jb\u009d0;t\u009cc', 'abc'],
    ['a lone ESC and other C0 and C1 characters', 'a\u001bcb\u0000\u0008\u007f\u0085c', 'abc'],
    ['line breaks and tabs, which become spaces', 'line\nbreak\r\ttab', 'line break  tab'],
    ['bidi overrides', 'user\u202egnp.exe\u2066', 'usergnp.exe'],
    ['nothing in plain text', 'José Ñandú, 山田', 'José Ñandú, 山田'],
  ])('removes %s', (_, text, expected) => {
    // Act + Assess
    expect(terminalText(text)).toBe(expected);
  });

  it('keeps the line breaks of several lines', () => {
    // Act + Assess
    expect(terminalLines('error: x\u001b[31m\ncause: y\r\n')).toBe('error: x\ncause: y\n');
  });
});

describe('spreadsheetCell', () => {
  it.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['+1+2', `'+1+2`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tTab', `'\tTab`],
    ['\rCR', `'\rCR`],
    ['-4.2', '-4.2'],
    ['+12', '+12'],
    ['1e-3', '1e-3'],
    ['Ana Example', 'Ana Example'],
    ['', ''],
  ])('%j becomes %j', (value, expected) => {
    // Act + Assess
    expect(spreadsheetCell(value)).toBe(expected);
  });

  it('quotes a record as RFC 4180 after neutralising', () => {
    // Act + Assess
    expect(spreadsheetRecord(['=1+1', 'a,b', 'say "hi"', '-1'])).toBe(`'=1+1,"a,b","say ""hi""",-1`);
  });
});
