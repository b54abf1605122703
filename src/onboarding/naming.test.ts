import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkName, lettersOnly, nameFormProblem, proposeNames } from './naming.ts';

test('every naming rule refuses a name that breaks it', () => {
  assert.equal(nameFormProblem(''), 'empty');
  assert.equal(nameFormProblem('apotheek@medmij'), 'suffix');
  assert.equal(nameFormProblem('Apotheek'), 'characters', 'uppercase');
  assert.equal(nameFormProblem('apotheek1'), 'characters', 'digits');
  assert.equal(nameFormProblem('apo-theek'), 'characters', 'hyphen');
  assert.equal(nameFormProblem('apo theek'), 'characters', 'space');
  assert.equal(nameFormProblem('apo.theek'), 'characters', 'dot');
  assert.equal(nameFormProblem('apothéek'), 'characters', 'diacritic');
  assert.equal(nameFormProblem('ab'), 'too-short');
  assert.equal(nameFormProblem('a'.repeat(51)), 'too-long');
  assert.equal(checkName('ggzdemo', new Set(['ggzdemo'])), 'taken');
});

test('names at the limits are valid', () => {
  assert.equal(nameFormProblem('abc'), undefined);
  assert.equal(nameFormProblem('a'.repeat(50)), undefined);
  assert.equal(checkName('zonnehuis', new Set(['ggzdemo'])), undefined);
});

test('letters only: diacritics stripped, non-letters removed', () => {
  assert.equal(lettersOnly("Apotheek 't Hoëndiep-Noord 2"), 'apotheekthoendiepnoord');
  assert.equal(lettersOnly('Ĳsselland'), 'ijsselland');
});

test('proposals are valid, free and derived from the organisation name, most readable first', () => {
  const taken = new Set(['ggzapotheekzonnehuis', 'apotheekzonnehuis']);
  const proposals = proposeNames('GGZ-apotheek Zonnehuis B.V.', 'ggzapotheekzonnehuis', taken);
  // The distinctive word, then with the initials of the others, then a recognisable suffix; the
  // legal form ("B.V.") never ends up in a name.
  assert.deepEqual(proposals, ['zonnehuis', 'gazzonnehuis', 'apotheekzonnehuiszorg']);
  for (const p of proposals) assert.equal(checkName(p, taken), undefined, `${p} is valid and free`);
  assert.deepEqual(proposeNames('Stichting Huisartsen Wielewaal', '', new Set()), [
    'huisartsenwielewaal',
    'stichtinghuisartsenwielewaal',
    'wielewaal',
  ]);
  // A free wish comes first.
  assert.equal(proposeNames('Apotheek De Linde', 'lindeapotheek', new Set())[0], 'lindeapotheek');
});

test('proposals stay valid for awkward names: long, short, or nothing but digits', () => {
  const long = proposeNames('Stichting ' + 'Zeer Lange Naam '.repeat(10), '', new Set());
  for (const p of long) assert.equal(nameFormProblem(p), undefined, p);
  const short = proposeNames('AB', 'ab', new Set(['abzorg']));
  assert.equal(short.length, 3);
  for (const p of short) assert.equal(checkName(p, new Set(['abzorg'])), undefined, p);
  const digits = proposeNames('123', '', new Set());
  assert.equal(digits.length, 3);
  for (const p of digits) assert.equal(nameFormProblem(p), undefined, p);
});

test('when every derived name is taken, a letter suffix makes one free', () => {
  const first = proposeNames('Zonnehuis', '', new Set());
  const taken = new Set(first);
  const more = proposeNames('Zonnehuis', '', taken);
  assert.equal(more.length, 3);
  for (const p of more) assert.equal(checkName(p, taken), undefined, p);
});
