// The toolbar popup. It only reads what the background knows (the last report of the tab, the
// site's status) and offers the two actions a user takes here: switching mailhint on for a site
// the manifest does not cover, and opening the options.

import { describedTab, manifest, openOptions, requestHostAccess, send } from '../lib/ext.js';
import { localisePage } from '../lib/i18n.js';

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * The colour band of a grade, the same bands as the badge in the compose window.
 * @param {number} grade
 */
function band(grade) {
  if (grade >= 9) return 'band-good';
  if (grade >= 7) return 'band-fair';
  if (grade >= 5) return 'band-mid';
  if (grade >= 3) return 'band-poor';
  return 'band-bad';
}

/**
 * @param {{grade: number, codes: string[]} | null} report
 * @param {import('../lib/i18n.js').Translate} t
 */
function showReport(report, t) {
  const has = report !== null && typeof report.grade === 'number';
  $('report-grade').hidden = !has;
  $('report-none').hidden = has;
  if (!has) return;
  const value = $('grade-value');
  value.textContent = report.grade.toFixed(1);
  value.className = `grade ${band(report.grade)}`;
  $('grade-codes').textContent = report.codes.length
    ? t('popupHintCodes', report.codes.join(' '))
    : t('popupNoHints');
}

/**
 * @param {{web: boolean, origin?: string, pattern?: string, covered?: boolean, enabled?: boolean, granted?: boolean, error?: string}} status
 * @param {import('../lib/i18n.js').Translate} t
 */
function showSite(status, t) {
  if (!status.web || !status.origin || !status.pattern) return; // browser pages: nothing to offer
  $('site').hidden = false;
  $('site-origin').textContent = status.origin;
  const on = Boolean(status.enabled && status.granted);
  $('site-covered').hidden = !status.covered;
  $('site-enabled').hidden = status.covered || !on;
  const button = /** @type {HTMLButtonElement} */ ($('site-enable'));
  button.hidden = Boolean(status.covered || on);
  const origin = status.origin;
  const pattern = status.pattern;
  button.addEventListener('click', () => {
    // The permission request must be the first thing the click does: browsers show the prompt
    // only while the user gesture lasts, and any await before it would end the gesture.
    const asked = requestHostAccess([pattern]);
    // Tell the background at once: if the popup closes while the prompt is open, the background
    // switches the site on when the permission arrives.
    send({ type: 'site-requested', origin });
    button.disabled = true;
    asked
      .then(async (granted) => {
        if (!granted) {
          showError(t('popupSitePermissionDenied'));
          return;
        }
        const answer = await send({ type: 'enable-site', origin });
        if (answer.error) {
          showError(t('popupSiteEnableFailed'));
          return;
        }
        button.hidden = true;
        $('site-enabled').hidden = false;
        $('site-reload').hidden = false;
      })
      .catch(() => showError(t('popupSiteEnableFailed')))
      .finally(() => {
        button.disabled = false;
      });
  });
}

/** @param {string} url */
function originOf(url) {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** @param {string} text */
function showError(text) {
  const el = $('site-error');
  el.textContent = text;
  el.hidden = false;
}

async function main() {
  const { t } = await localisePage();
  $('open-options').addEventListener('click', () => {
    openOptions();
    window.close();
  });
  $('version').textContent = `v${manifest().version}`;

  const tab = await describedTab();
  if (!tab) {
    showReport(null, t);
    document.body.dataset.ready = 'true';
    return;
  }
  const { report } = await send({ type: 'tab-report', tabId: tab.id });
  // A report made by a page the tab has since left is not this page's.
  const current = report && (!tab.url || originOf(tab.url) === report.origin) ? report : null;
  showReport(current, t);
  // The browser shows the extension the tab's address after a click on the toolbar button
  // (`activeTab`); failing that, the page's origin known from the tab's last report will do.
  const url = tab.url ?? current?.origin;
  showSite(url ? await send({ type: 'site-status', url }) : { web: false }, t);
  document.body.dataset.ready = 'true'; // lets the end-to-end test wait for the page to settle
}

main();
