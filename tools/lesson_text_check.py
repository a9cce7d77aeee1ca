#!/usr/bin/env python3
"""Checks the language of lessons/*.lesson (issue 12 point 5).

* Chinese lines (title.zh, goals.zh, text.zh, hint.zh) use full-width punctuation:
  a half-width , ; : ? ! ( ) is an error unless it belongs to something ASCII that must
  keep its form: a zxid (1:5), a number (4,294,967,294), a vote in the app's notation
  ((S3, 1:2) ep1), a call (sync()), `code`, or a quoted ASCII string ("Until leader").
* Chinese lines use the glossary's term, not a synonym it replaces (AVOID).
* An English step (the text.en lines of one step together) has at most MAX_WORDS words.
* Every lesson asks at least one question (question.en) and ends with a recap in both
  languages (recap.en and recap.zh): issue 12 point 1, the student must think.

Usage: lesson_text_check.py [--fix] FILE...   (--fix rewrites the Chinese punctuation)
Exit code 0 when every file is clean, 1 otherwise; problems are printed as FILE:LINE: ...
"""
import re
import sys

MAX_WORDS = 60
ZH_KEYS = ('title.zh:', 'goals.zh:', 'text.zh:', 'hint.zh:', 'question.zh:',
           'choice.zh:', 'why.zh:', 'recap.zh:', 'explain.zh:', 'answer.zh:')
# Words the glossary (lessons/glossary.tsv) replaces, so that one concept has one term.
AVOID = {'多数派': '过半数', '法定人数': '过半数', '宕机': '杀掉 (kill) or 崩溃 (crash)',
         '停机': '杀掉 (kill) or 崩溃 (crash)'}
FULL = {',': '，', ';': '；', ':': '：', '?': '？', '!': '！', '(': '（', ')': '）'}

# Spans that keep their ASCII punctuation, most specific first.
KEEP = re.compile(r'''
      `[^`]*`                                  # code
    | "[\x20-\x7e]*"                            # a quoted ASCII string
    | \(S\d+,\ \d+:\d+\)\ ep\d+                 # a vote: (S3, 1:2) ep1
    | \(S\d+,\ [^()]*?\)                        # a vote being described: (S1, 最后的 zxid)
    | [A-Za-z_][A-Za-z0-9_.]*\(\)               # a call: sync(), Leader.propose()
    | \d+(?:,\d{3})+                            # 4,294,967,294
    | \d+:\d+                                   # a zxid: 1:5
    | [a-z]+://\S+                              # a URL
''', re.VERBOSE)


def split_keep(value):
    """Yields (text, keep) pieces of a value."""
    pos = 0
    for m in KEEP.finditer(value):
        if m.start() > pos:
            yield value[pos:m.start()], False
        yield m.group(0), True
        pos = m.end()
    if pos < len(value):
        yield value[pos:], False


def fix_value(value):
    out = []
    for text, keep in split_keep(value):
        if not keep:
            text = ''.join(FULL.get(c, c) for c in text)
            # full-width punctuation carries its own space
            text = re.sub(r'([，；：？！）])[ ]+', r'\1', text)
            text = re.sub(r'[ ]+([，；：？！（）])', r'\1', text)
            text = re.sub(r'（[ ]+', '（', text)
        out.append(text)
    return ''.join(out)


def half_width_left(value):
    return [c for text, keep in split_keep(value) if not keep for c in text if c in FULL]


def check_file(path, fix):
    problems = []
    lines = open(path, encoding='utf-8').read().split('\n')
    step_line, words = None, 0
    questions, recap_keys = 0, set()
    for i, raw in enumerate(lines, 1):
        s = raw.strip()
        if s.startswith('question.en:'):
            questions += 1
        elif s.startswith(('recap.en:', 'recap.zh:')) and step_line is None:
            recap_keys.add(s.split(':', 1)[0])
        if s == 'step:':
            step_line, words = i, 0
        elif s == 'end' and step_line is not None:
            if words > MAX_WORDS:
                problems.append(f'{path}:{step_line}: English step has {words} words '
                                f'(at most {MAX_WORDS}; split it into steps of one idea each)')
            step_line = None
        elif s.startswith('text.en:') and step_line is not None:
            words += len(s[len('text.en:'):].split())
        elif s.startswith(ZH_KEYS):
            key, value = s.split(':', 1)
            if fix:
                new = fix_value(value.strip())
                lines[i - 1] = raw[:raw.index(key)] + key + ': ' + new
                value = new
            for word, term in AVOID.items():
                if word in value:
                    problems.append(f'{path}:{i}: "{word}" is not the glossary term; use {term}')
            bad = half_width_left(value)
            if bad:
                problems.append(f'{path}:{i}: half-width punctuation in Chinese text: '
                                + ' '.join(sorted(set(bad))))
    # Reported on line 1, like the parser's 'a lesson needs ...' messages.
    if questions == 0:
        problems.append(f'{path}:1: a lesson needs at least one question '
                        f'(question.en/zh, answer: ...; docs/lesson-format.md section 13)')
    missing = [k for k in ('recap.en', 'recap.zh') if k not in recap_keys]
    if missing:
        problems.append(f'{path}:1: a lesson needs a recap: {" and ".join(missing)} missing '
                        f'(docs/lesson-format.md section 15)')
    if fix:
        open(path, 'w', encoding='utf-8').write('\n'.join(lines))
    return problems


def main(argv):
    fix = '--fix' in argv
    files = [a for a in argv if a != '--fix']
    if not files:
        print(__doc__)
        return 2
    problems = [p for f in files for p in check_file(f, fix)]
    for p in problems:
        print(p)
    print(f'{len(files)} lesson files, {len(problems)} problems')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
