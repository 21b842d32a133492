import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { Browser, Page } from 'playwright-core';
import type { TestDatabase } from '../databases.ts';
import { collectErrors, seriousViolations, startDemoSite, type DemoSite } from '../browser.ts';
import { demoArticles } from '../../src/demo/content.ts';
import { createPoll, setPollStatus } from '../../src/polls/store.ts';

interface PublicResults {
  total: number;
  options: Array<{ id: number; label: string; votes: number; percent: number }>;
}

/** Counts top-level navigations after this point: voting in place makes none. */
function countNavigations(page: Page): () => number {
  let count = 0;
  page.on('framenavigated', (frame) => frame === page.mainFrame() && count++);
  return () => count;
}

describe('voting in place with JavaScript, in Chromium', { timeout: 180_000 }, () => {
  let db: TestDatabase;
  let browser: Browser;
  let base: string;

  const publicResults = async (id: number) => (await (await fetch(`${base}/api/v1/public/polls/${id}`)).json()) as PublicResults;

  let site: DemoSite;
  before(async () => {
    site = await startDemoSite();
    ({ db, browser, base } = site);
  });
  after(() => site?.close());

  test('on an article the results replace the form without a reload; a second tab then hears "already voted"', async () => {
    const demo = demoArticles[1]!;
    const url = `${base}/blogs/${demo.expert}/${demo.slug}`;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = collectErrors(page);
    // The second tab opens before the vote, so it still shows the form when the first has voted.
    const secondTab = await context.newPage();
    await Promise.all([page.goto(url), secondTab.goto(url)]);

    const block = page.locator('section.poll-block', { has: page.getByRole('heading', { name: 'Reader poll' }) });
    const pollId = Number(await block.locator('form.poll-form').getAttribute('data-poll'));
    const before = await publicResults(pollId);
    const canals = before.options.find((o) => o.label === 'Modernising irrigation canals')!;

    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
    const navigations = countNavigations(page);
    await block.getByRole('radio', { name: 'Modernising irrigation canals' }).check();
    await block.getByRole('button', { name: 'Vote' }).click();
    const message = block.locator('p.poll-message[role="status"]');
    await message.filter({ hasText: 'Thank you: your vote is counted.' }).waitFor();

    assert.equal(navigations(), 0, 'no navigation');
    assert.equal(page.url(), url, 'the address did not change');
    assert.equal(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere), true, 'the same document');
    assert.equal(await block.locator('form').count(), 0, 'the form is gone');
    assert.equal(await block.locator('p.poll-question').innerText(), 'Which step would do most for water security in Central Asia over the next decade?');
    assert.ok(await message.evaluate((el) => el === document.activeElement), 'focus is on the message');

    const after = await publicResults(pollId);
    assert.equal(after.total, before.total + 1, 'one more reader');
    assert.equal(after.options.find((o) => o.id === canals.id)!.votes, canals.votes + 1, 'one more vote for the chosen option');
    // The same markup as the server's ResultsList, with the counts just returned.
    const rows = await block.locator('ul.poll-results > li').evaluateAll((items) =>
      items.map((li) => ({
        label: li.querySelector('span.poll-label')?.textContent,
        count: li.querySelector('span.poll-count')?.textContent,
        meter: (li.querySelector('meter') as HTMLMeterElement | null)?.value,
        hidden: li.querySelector('meter')?.getAttribute('aria-hidden'),
      })),
    );
    assert.deepEqual(
      rows,
      after.options.map((o) => ({ label: o.label, count: `${o.votes} (${o.percent}%)`, meter: o.percent, hidden: 'true' })),
    );
    // What this reader's vote made of the chosen option, from the counts the test read, whatever votes came before.
    const chosen = after.options.find((o) => o.id === canals.id)!;
    const chosenRow = new RegExp(`Modernising irrigation canals\\s*${chosen.votes} \\(${chosen.percent}%\\)`);
    assert.match(await block.innerText(), chosenRow);
    assert.equal(await block.locator('p.poll-total').innerText(), `${after.total} readers voted`);

    await block.screenshot({ path: '/tmp/poll-inplace.png' });
    assert.deepEqual(await seriousViolations(page), [], 'no serious accessibility violations after the vote');

    // The second tab carries the same cookies: the server refuses the repeat and sends the results along.
    const other = secondTab.locator('section.poll-block', { has: secondTab.getByRole('heading', { name: 'Reader poll' }) });
    await other.getByRole('radio', { name: 'New storage reservoirs' }).check();
    await other.getByRole('button', { name: 'Vote' }).click();
    await other.locator('p.poll-message').filter({ hasText: 'You have already voted in this poll.' }).waitFor();
    assert.equal(await other.locator('form').count(), 0);
    assert.match(await other.innerText(), chosenRow);
    assert.equal((await publicResults(pollId)).total, after.total, 'the repeat is not counted');

    // The JSON answer set the cookie that makes the page cache pass this reader by.
    await page.reload();
    assert.equal(await page.getByRole('button', { name: 'Vote' }).count(), 0, 'after a reload: results, not the form');
    assert.match(await block.innerText(), chosenRow);
    assert.deepEqual(errors, [], 'no script or CSP errors');
    await context.close();
  });

  test('a multiple-choice poll refuses more than its maximum in place, then counts an allowed ballot', async () => {
    const poll = await createPoll(db.handle, { question: 'Which tools matter most?', options: ['Sanctions', 'Aid', 'Treaties', 'Trade'], maxChoices: 2, status: 'open' });
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.goto(`${base}/polls/${poll.id}`);
    const votes: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && votes.push(r.url()));
    const form = page.locator('form.poll-form');
    assert.equal(await form.getAttribute('data-max-choices'), '2');
    for (const label of ['Sanctions', 'Aid', 'Treaties']) await form.getByRole('checkbox', { name: label }).check();
    const message = page.locator('.poll-block p.poll-message[role="status"]');
    assert.equal(await message.innerText(), 'You chose more answers than this poll allows.', 'said as soon as the third box is ticked');
    await form.getByRole('button', { name: 'Vote' }).click();
    assert.equal(await message.innerText(), 'You chose more answers than this poll allows.');
    assert.ok(await message.evaluate((el) => el === document.activeElement), 'focus is on the message');
    assert.equal(await form.count(), 1, 'the form stays, so the reader can choose again');
    assert.deepEqual(votes, [], 'nothing sent');

    await form.getByRole('checkbox', { name: 'Treaties' }).uncheck();
    assert.equal(await message.innerText(), '', 'the warning goes once the ballot is allowed');
    await form.getByRole('button', { name: 'Vote' }).click();
    await message.filter({ hasText: 'Thank you: your vote is counted.' }).waitFor();
    assert.equal(await page.locator('.poll-block p.poll-question').count(), 0, 'the poll page has the question as its title already');
    assert.equal(await page.locator('.poll-block p.poll-total').innerText(), '1 reader voted');
    const results = await publicResults(poll.id);
    assert.deepEqual(
      results.options.map((o) => o.votes),
      [1, 1, 0, 0],
    );
    assert.equal(votes.length, 1);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a refusal the reader cannot fix replaces the form with the message', async () => {
    const poll = await createPoll(db.handle, { question: 'Still open?', options: ['Yes', 'No'], status: 'open' });
    const page = await browser.newPage();
    await page.goto(`${base}/polls/${poll.id}`);
    // Closed after the page was made: the server refuses with 409 "closed".
    await setPollStatus(db.handle, poll.id, 'closed');
    await page.getByRole('radio', { name: 'Yes' }).check();
    await page.getByRole('button', { name: 'Vote' }).click();
    await page.locator('.poll-block p.poll-message').filter({ hasText: 'This poll is closed.' }).waitFor();
    assert.equal(await page.locator('form.poll-form').count(), 0);
    assert.equal((await publicResults(poll.id)).total, 0);
    await page.close();
  });

  test('when the JSON request fails the form is posted the ordinary way, and the vote still counts', async () => {
    const poll = await createPoll(db.handle, { question: 'Does the fallback work?', options: ['Yes', 'No'], status: 'open' });
    const page = await browser.newPage();
    await page.goto(`${base}/polls/${poll.id}`);
    // Only the script's JSON request fails, as on a flaky network; the plain form post goes through.
    await page.route('**/vote', (route) => (route.request().headers()['content-type']?.startsWith('application/json') ? route.abort('internetdisconnected') : route.continue()));
    await page.getByRole('radio', { name: 'No' }).check();
    await page.getByRole('button', { name: 'Vote' }).click();
    await page.waitForURL(/vote=counted/);
    assert.equal(await page.locator('.poll-block p.poll-message').innerText(), 'Thank you: your vote is counted.');
    assert.deepEqual(
      (await publicResults(poll.id)).options.map((o) => o.votes),
      [0, 1],
    );
    await page.close();
  });

  test('another site can show a poll’s embed in an iframe, but not the poll’s own page', async () => {
    // Another origin (another port) with a page that frames both.
    const other = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>Elsewhere</title><iframe id="embed" src="${base}/polls/2/embed" width="400" height="480"></iframe><iframe id="page" src="${base}/polls/2"></iframe>`);
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const port = (other.address() as { port: number }).port;
    try {
      const page = await browser.newPage({ viewport: { width: 900, height: 1100 } });
      await page.goto(`http://localhost:${port}/`);
      const embed = page.frameLocator('#embed');
      await embed.getByRole('heading', { level: 1 }).waitFor();
      assert.match(await embed.getByRole('heading', { level: 1 }).innerText(), /water security in Central Asia/);
      const link = embed.getByRole('link', { name: /^Vote at / });
      assert.equal(await link.getAttribute('href'), `${db.config.publicUrl}/polls/2`);
      assert.equal(await embed.locator('nav').count(), 0, 'no site navigation in the embed');
      await page.screenshot({ path: '/tmp/poll-embed.png' });
      const framedPage = page.frames().find((f) => f.url().endsWith('/polls/2') || f.url().startsWith('chrome-error:'));
      assert.ok(framedPage, 'the second frame exists');
      // Chromium puts its own "refused to connect" page in a frame it blocks: the poll is not in it.
      assert.equal(await framedPage.getByText(/water security in Central Asia/).count(), 0, 'the poll page refuses to be framed by another site');
      await page.close();
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});
