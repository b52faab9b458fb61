// Agreement with tolerances: labels exactly, numbers within the absolute or relative tolerance, probabilities and
// class distributions within the probability tolerance; shapes that differ disagree.
import { answerItems, compareAnswers, isProbabilityVector, valuesAgree } from '../../../domain/agreement';

const tol = { absolute: 1e-6, relative: 0.01, probability: 0.1 };

describe('valuesAgree', () => {
  it.each([
    ['equal labels', 'cat', 'cat', true],
    ['different labels', 'cat', 'dog', false],
    ['a label and a number', '1', 1, false],
    ['booleans', true, true, true],
    ['class numbers 0 and 1', 0, 1, false],
    ['numbers within 1%', 11055.98, 11100, true],
    ['numbers 2% apart', 100, 102, false],
    ['tiny numbers within the absolute tolerance', 1e-9, -1e-9, true],
    ['probabilities within 0.1', { prediction: 1, probability: 0.71 }, { prediction: 1, probability: 0.64 }, true],
    ['probabilities 0.2 apart', { prediction: 1, probability: 0.8 }, { prediction: 1, probability: 0.6 }, false],
    [
      'the same probability, another class',
      { prediction: 1, probability: 0.5 },
      { prediction: 0, probability: 0.5 },
      false,
    ],
    ['class distributions within 0.1', [0.2, 0.8], [0.25, 0.75], true],
    ['class distributions 0.3 apart', [0.2, 0.8], [0.5, 0.5], false],
    ['vectors of other numbers, relative', [100, 200], [100.5, 201], true],
    ['vectors of different lengths', [1, 2], [1, 2, 3], false],
    ['objects with other keys', { a: 1 }, { b: 1 }, false],
    ['nested objects', { label: 'x', scores: { x: 0.9, y: 0.1 } }, { label: 'x', scores: { x: 0.85, y: 0.15 } }, true],
    ['null and a value', null, 0, false],
  ])('%s', (_name, a, b, expected) => {
    expect(valuesAgree(a, b, tol)).toBe(expected);
  });

  it('takes the tolerances it is given', () => {
    expect(valuesAgree(100, 104, { ...tol, relative: 0.05 })).toBe(true);
    expect(valuesAgree(100, 100.5, { absolute: 1, relative: 0, probability: 0 })).toBe(true);
    expect(valuesAgree({ probability: 0.5 }, { probability: 0.52 }, { ...tol, probability: 0.01 })).toBe(false);
  });
});

describe('answerItems', () => {
  it.each([
    [
      [1, 2],
      [1, 2],
    ],
    [{ predictions: [1, 2] }, [1, 2]],
    [{ output: ['a'] }, ['a']],
    [{ prediction: 1, probability: 0.5 }, [{ prediction: 1, probability: 0.5 }]],
    ['text', ['text']],
  ])('%j has items %j', (body, items) => {
    expect(answerItems(body)).toEqual(items);
  });
});

describe('compareAnswers', () => {
  it('counts items position by position, extra items as disagreeing', () => {
    expect(compareAnswers({ baseline: [1, 2, 3], candidate: [1, 5, 3] }, tol)).toEqual({
      kind: 'compared',
      items: 3,
      agreeing: 2,
    });
    expect(compareAnswers({ baseline: [1, 2], candidate: [1] }, tol)).toEqual({
      kind: 'compared',
      items: 2,
      agreeing: 1,
    });
    expect(compareAnswers({ baseline: [1, 2], candidate: undefined }, tol)).toEqual({
      kind: 'compared',
      items: 2,
      agreeing: 0,
    });
  });

  it("says when the baseline's answer cannot be compared", () => {
    expect(compareAnswers({ baseline: undefined, candidate: [1] }, tol)).toEqual({
      kind: 'incomparable',
      reason: 'the baseline answered something other than JSON',
    });
  });
});

describe('isProbabilityVector', () => {
  it.each([
    [[0.3, 0.7], true],
    [[0.3, 0.3], false],
    [[1], false],
    [[0.5, 0.5, 0], true],
    [[-0.5, 1.5], false],
  ])('%j → %s', (values, expected) => {
    expect(isProbabilityVector(values)).toBe(expected);
  });
});
