// The check's time budget (extension/lib/budget.js) with a fake clock: when it is spent, the
// lookups still outstanding are answered as failed with the budget's reason, answers given
// before are kept, late answers are dropped, and later rounds fetch nothing.
// Run with `node --test tests/extension/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUDGET_MS, CheckBudget } from '../../extension/lib/budget.js';

/** A clock the test moves by hand: `fire()` runs the pending timer as if its time came. */
function fakeClock() {
  const clock = {
    time: 0,
    /** @type {(() => void) | null} */ pending: null,
    /** @type {number[]} */ delays: [],
    now: () => clock.time,
    setTimer: (/** @type {() => void} */ f, /** @type {number} */ ms) => {
      clock.pending = f;
      clock.delays.push(ms);
      return f;
    },
    clearTimer: (/** @type {any} */ t) => {
      if (clock.pending === t) clock.pending = null;
    },
    fire(/** @type {number} */ ms) {
      clock.time += ms;
      const f = clock.pending;
      clock.pending = null;
      f?.();
    },
  };
  return clock;
}

/** A lookup the test answers when it wants: `release(name)`. */
function slowLookups() {
  /** @type {Map<string, () => void>} */
  const waiting = new Map();
  /** @type {string[]} */
  const written = [];
  const target = {
    answer: (/** @type {string} */ name) => written.push(`${name}: answered`),
    fail: (/** @type {string} */ name, /** @type {string} */ reason) => written.push(`${name}: ${reason}`),
  };
  const run = (/** @type {string} */ name, /** @type {any} */ guard) =>
    new Promise((resolve) => waiting.set(name, () => resolve(guard(target).answer(name))));
  const release = (/** @type {string} */ name) => waiting.get(name)?.();
  return { written, run, release, fail: target.fail };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('the budgets are set, the compose window the shortest', () => {
  assert.equal(BUDGET_MS.domainCheck, 20_000);
  assert.equal(BUDGET_MS.messageReport, 20_000);
  assert.ok(BUDGET_MS.draft < BUDGET_MS.domainCheck);
});

test('a round within the budget waits for every answer', async () => {
  const clock = fakeClock();
  const budget = new CheckBudget(20_000, clock);
  const lookups = slowLookups();
  const round = budget.round(['a', 'b'], lookups.run, lookups.fail);
  lookups.release('b');
  lookups.release('a');
  await round;
  assert.deepEqual(lookups.written, ['b: answered', 'a: answered']);
  assert.equal(budget.cut, 0);
  assert.deepEqual(clock.delays, [20_000]);
});

test('when the budget is spent the outstanding lookups fail with its reason, the answers stay', async () => {
  const clock = fakeClock();
  const budget = new CheckBudget(20_000, clock);
  const lookups = slowLookups();
  let ended = false;
  const round = budget.round(['a', 'b', 'c'], lookups.run, lookups.fail).then(() => (ended = true));
  lookups.release('a');
  await tick();
  assert.equal(ended, false, 'the round waits for b and c while time is left');
  clock.fire(20_000);
  await round;
  assert.deepEqual(lookups.written, [
    'a: answered',
    "b: not answered in time: the check's 20 s were spent",
    "c: not answered in time: the check's 20 s were spent",
  ]);
  assert.equal(budget.cut, 2);
  // A late answer is dropped: the check has moved on (and may be freed).
  lookups.release('b');
  await tick();
  assert.equal(lookups.written.length, 3);
});

test('a later round gets only what is left, and none once it is spent', async () => {
  const clock = fakeClock();
  const budget = new CheckBudget(20_000, clock);
  const first = slowLookups();
  const round = budget.round(['a'], first.run, first.fail);
  clock.time += 15_000;
  first.release('a');
  await round;
  const second = slowLookups();
  const next = budget.round(['b'], second.run, second.fail);
  assert.deepEqual(clock.delays, [20_000, 5_000]);
  clock.fire(5_000);
  await next;
  const third = slowLookups();
  let fetched = 0;
  await budget.round(['c'], (n, g) => (fetched++, third.run(n, g)), third.fail);
  assert.equal(fetched, 0, 'nothing is fetched once the budget is spent');
  assert.deepEqual(third.written, ["c: not answered in time: the check's 20 s were spent"]);
});

test('a run that throws or ends without an answer still gets one', async () => {
  const budget = new CheckBudget(1_000, fakeClock());
  /** @type {string[]} */
  const written = [];
  await budget.round(
    ['x', 'y'],
    async (name) => {
      if (name === 'x') throw new Error('boom');
    },
    (name, reason) => written.push(`${name}: ${reason}`),
  );
  assert.deepEqual(written.sort(), ['x: no answer', 'y: no answer']);
});

test('at most `concurrency` lookups run at once, and the rest start as they end', async () => {
  const budget = new CheckBudget(20_000, fakeClock());
  const lookups = slowLookups();
  /** @type {string[]} */
  const started = [];
  const round = budget.round(['a', 'b', 'c', 'd'], (n, g) => (started.push(n), lookups.run(n, g)), lookups.fail, { concurrency: 2 });
  await tick();
  assert.deepEqual(started, ['a', 'b']);
  lookups.release('b');
  await tick();
  assert.deepEqual(started, ['a', 'b', 'c']);
  for (const name of ['a', 'c', 'd']) {
    lookups.release(name);
    await tick();
  }
  await round;
  assert.deepEqual(started, ['a', 'b', 'c', 'd']);
  assert.equal(lookups.written.length, 4);
});

test('a stop starts nothing more and leaves the lookups never started to the caller', async () => {
  const budget = new CheckBudget(20_000, fakeClock());
  const lookups = slowLookups();
  let stopped = false;
  const round = budget.round(['a', 'b', 'c'], lookups.run, lookups.fail, { concurrency: 1, stopped: () => stopped });
  stopped = true;
  lookups.release('a');
  await round;
  assert.deepEqual(lookups.written, ['a: answered'], 'b and c were neither asked nor failed');
  assert.equal(budget.cut, 0);
});

test('a long list spends the budget: the lookups in flight and those never started fail with its reason', async () => {
  const clock = fakeClock();
  const budget = new CheckBudget(600_000, clock);
  const lookups = slowLookups();
  let fetched = 0;
  const round = budget.round(['a', 'b', 'c', 'd'], (n, g) => (fetched++, lookups.run(n, g)), lookups.fail, { concurrency: 2 });
  lookups.release('a');
  await tick();
  clock.fire(600_000);
  await round;
  assert.equal(fetched, 3, 'c started when a ended; d never did');
  assert.deepEqual(lookups.written, [
    'a: answered',
    "b: not answered in time: the check's 600 s were spent",
    "c: not answered in time: the check's 600 s were spent",
    "d: not answered in time: the check's 600 s were spent",
  ]);
  assert.ok(budget.spent);
});

test('a fatal error starts nothing more, fails nothing, and comes out of the round', async () => {
  const budget = new CheckBudget(20_000, fakeClock());
  /** @type {string[]} */
  const written = [];
  const trap = new Error('trap');
  let started = 0;
  const round = budget.round(
    ['a', 'b', 'c'],
    async (name) => {
      started++;
      if (name === 'a') throw trap;
    },
    (name, reason) => written.push(`${name}: ${reason}`),
    { concurrency: 1, fatal: (e) => e === trap },
  );
  await assert.rejects(round, (e) => e === trap);
  assert.equal(started, 1, 'b and c never started');
  assert.deepEqual(written, [], 'nothing is written to a stepper that trapped');
});
