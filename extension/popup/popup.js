// The toolbar popup. It reads what the background knows (the last report of the tab, the
// site's status) and offers the actions a user takes here: switching mailhint on for a site the
// manifest does not cover, checking the sender's domain, and opening the options.
//
// The domain check runs in the background (DNS over HTTPS); this page shows its progress and
// report. Everything is built from DOM nodes with textContent: never HTML.

import {
  connect, describedTab, hasHostAccess, lastDomain, manifest, openOptions, openTool, rememberDomain, requestHostAccess, send,
} from '../lib/ext.js';
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

// --- the sender-domain check -------------------------------------------------------------------

/** The summary's groups, by the core's names, and their message keys. */
const GROUP_KEYS = {
  dns: 'popupGroupDns',
  mx: 'popupGroupMx',
  spf: 'popupGroupSpf',
  dkim: 'popupGroupDkim',
  dmarc: 'popupGroupDmarc',
  'transport-security': 'popupGroupTransport',
  bimi: 'popupGroupBimi',
  blocklists: 'popupGroupBlocklists',
};

const LIGHT_KEYS = { green: 'popupLightGreen', amber: 'popupLightAmber', red: 'popupLightRed', grey: 'popupLightGrey' };
const LEVEL_KEYS = { critical: 'popupLevelCritical', error: 'popupLevelError', warning: 'popupLevelWarning', info: 'popupLevelInfo' };

/** RFC 7208 §4.6.4: at most 10 DNS-querying terms and 2 void lookups. */
const SPF_LIMIT = 10;
const SPF_VOID_LIMIT = 2;
/** Where SPF-LOOKUPS-HIGH starts warning. */
const SPF_HIGH = 8;

/** What was found at an SPF tree node's target, by the core's names, and their message keys. */
const SPF_STATE_KEYS = {
  invalid: 'popupSpfStateInvalid',
  'no-record': 'popupSpfStateNoRecord',
  'nx-domain': 'popupSpfStateNxDomain',
  multiple: 'popupSpfStateMultiple',
  failed: 'popupSpfStateFailed',
  loop: 'popupSpfStateLoop',
  dynamic: 'popupSpfStateDynamic',
  'too-deep': 'popupSpfStateTooDeep',
};

/** Access to every https site, which the MTA-STS policy and BIMI logo fetches need. */
const ALL_HTTPS = ['https://*/*'];

/**
 * @param {string} tag
 * @param {{class?: string, text?: string, attrs?: Record<string, string>}} [props]
 * @param {Node[]} [children]
 */
function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

/**
 * A domain as typed or taken from an address: trimmed, no scheme, path or trailing dot.
 * @param {string} raw
 */
function cleanDomain(raw) {
  let text = raw.trim();
  text = text.replace(/^[a-z]+:\/\//i, '').replace(/[/?#].*$/, '');
  text = text.includes('@') ? text.slice(text.lastIndexOf('@') + 1) : text;
  return text.replace(/\.$/, '').toLowerCase();
}

/**
 * The domain check of the popup: its state and its drawing.
 * @param {import('../lib/i18n.js').Translate} t
 * @param {'en' | 'zh-CN'} lang
 */
function domainCheck(t, lang) {
  const section = $('domain-check');
  const input = /** @type {HTMLInputElement} */ ($('domain-input'));
  /** @type {any} the last report */
  let report = null;
  /** @type {chrome.runtime.Port | null} */
  let port = null;

  const setState = (/** @type {string} */ state) => {
    section.dataset.state = state;
    /** @type {HTMLButtonElement} */ ($('domain-run')).disabled = state === 'running';
    /** @type {HTMLButtonElement} */ ($('domain-recheck')).disabled = state === 'running';
  };

  /** @param {string} domain @param {boolean} fresh */
  function run(domain, fresh) {
    if (!domain) return;
    const extra = extraOptions();
    if (!extra) {
      $('domain-error').textContent = t('popupDomainIpInvalid');
      $('domain-error').hidden = false;
      return;
    }
    input.value = domain;
    report = null;
    port?.disconnect();
    setState('running');
    $('domain-error').hidden = true;
    $('domain-progress').hidden = false;
    progress(0, 0);
    draw(null);
    rememberDomain(domain);
    const channel = connect('domain-check');
    port = channel;
    channel.onMessage.addListener((message) => {
      if (port !== channel) return;
      if (message.type === 'progress') {
        progress(message.answered, message.asked);
        draw(message.report);
      } else if (message.type === 'done') {
        report = message.report;
        $('domain-progress').hidden = true;
        draw(report);
        setState('done');
        channel.disconnect();
      } else if (message.type === 'error') {
        $('domain-progress').hidden = true;
        $('domain-error').textContent = t('popupDomainFailed');
        $('domain-error').hidden = false;
        setState('error');
        channel.disconnect();
      }
    });
    channel.postMessage({ domain, lang, fresh, ...extra });
  }

  /**
   * The selectors and the sending IP of "More", or null when the IP is not one. Selectors are
   * DNS labels (`s=` of a DKIM-Signature), separated by commas or spaces.
   * @returns {{selectors: string[], ip: string | null} | null}
   */
  function extraOptions() {
    const selectors = /** @type {HTMLInputElement} */ ($('domain-selectors')).value
      .split(/[\s,，]+/)
      .map((s) => s.trim().toLowerCase())
      .filter((s) => /^[a-z0-9_][a-z0-9._-]{0,62}$/.test(s))
      .slice(0, 10);
    const ip = /** @type {HTMLInputElement} */ ($('domain-ip')).value.trim();
    if (ip && !isIpAddress(ip)) return null;
    return { selectors, ip: ip || null };
  }

  /** @param {number} answered @param {number} asked */
  function progress(answered, asked) {
    const bar = /** @type {HTMLProgressElement} */ ($('domain-progress-bar'));
    bar.max = Math.max(asked, 1);
    bar.value = answered;
    $('domain-progress-text').textContent = t('popupDomainProgress', answered, asked);
  }

  /** Draws a report (complete or not); `null` clears. @param {any} r */
  function draw(r) {
    const summary = r?.summary ?? [];
    $('domain-summary').replaceChildren(
      ...summary.map((g) =>
        el('li', {
          text: t('popupGroupLight', t(GROUP_KEYS[g.group] ?? g.group), g.pending ? t('popupLightPending') : t(LIGHT_KEYS[g.light] ?? g.light)),
          attrs: { 'data-group': g.group, 'data-light': g.light, 'data-pending': String(g.pending) },
        }),
      ),
    );
    $('domain-summary').hidden = summary.length === 0;
    const findings = r?.findings ?? [];
    $('domain-findings').replaceChildren(...findings.map(findingItem));
    $('domain-findings').hidden = findings.length === 0;
    // "No problems" only when some check ran (a registry without sections checks nothing).
    $('domain-all-good').hidden = !(r?.complete && summary.length > 0 && findings.length === 0);
    drawSpf(r?.spf ?? null);
    drawDmarc(r?.dmarc ?? null);
    const records = r?.records ?? [];
    $('domain-record-list').replaceChildren(...records.map(recordItem));
    $('domain-records').hidden = records.length === 0;
    const facts = r?.facts ?? [];
    $('domain-fact-list').replaceChildren(
      ...facts.flatMap((f) => [el('dt', { text: `${t(GROUP_KEYS[f.group] ?? f.group)} · ${f.label}` }), el('dd', { text: f.value })]),
    );
    $('domain-facts').hidden = facts.length === 0;
    $('domain-actions').hidden = !r?.complete;
  }

  /** The SPF include tree, its total against 10 as a bar, and its void lookups. @param {any} tree */
  function drawSpf(tree) {
    $('domain-spf').hidden = !tree;
    if (!tree) {
      $('domain-spf-tree').replaceChildren();
      return;
    }
    const total = tree.lookups;
    const over = total > SPF_LIMIT;
    const level = over ? 'bad' : total >= SPF_HIGH ? 'mid' : 'good';
    const meter = $('domain-spf-meter');
    const scale = Math.max(total, SPF_LIMIT);
    const part = (/** @type {string} */ cls, /** @type {number} */ from, /** @type {number} */ to) => {
      const span = el('span', { class: cls });
      span.style.left = `${(100 * from) / scale}%`;
      span.style.width = `${(100 * (to - from)) / scale}%`;
      return span;
    };
    meter.replaceChildren(
      part('spf-meter-fill', 0, Math.min(total, SPF_LIMIT)),
      ...(over ? [part('spf-meter-over', SPF_LIMIT, total)] : []),
      part('spf-meter-limit', SPF_LIMIT, SPF_LIMIT),
    );
    meter.dataset.level = level;
    meter.setAttribute('aria-valuenow', String(total));
    meter.setAttribute('aria-valuetext', t('popupSpfTotal', total));
    $('domain-spf-total').textContent = t('popupSpfTotal', total);
    $('domain-spf-total').dataset.level = level;
    $('domain-spf-over').hidden = !over;
    const voids = $('domain-spf-void');
    voids.textContent = t('popupSpfVoid', tree.void_lookups);
    voids.className = tree.void_lookups > SPF_VOID_LIMIT ? 'error' : 'muted';
    const nodes = [];
    const walk = (/** @type {any} */ n) => {
      nodes.push(n);
      n.children.forEach(walk);
    };
    walk(tree.root);
    $('domain-spf-partial').hidden = !nodes.some((n) => n.state === 'failed' || n.problems.some((p) => p.kind === 'lookup-failed'));
    $('domain-spf-tree').replaceChildren(spfItem(tree.root, tree.domain, true));
  }

  /**
   * One record of the SPF tree: a line with its term, its own lookups, the running count and
   * its marks, its problems, and the records it includes (collapsible).
   * @param {any} node
   * @param {string} domain
   * @param {boolean} root
   */
  function spfItem(node, domain, root) {
    const over = !root && node.cumulative_lookups > SPF_LIMIT;
    const marks = spfMarks(node, root, t);
    const line = [
      el('span', { class: 'spf-term', text: node.term || domain }),
      el('span', { class: 'spf-own', text: t('popupSpfOwn', node.lookups), attrs: { title: t('popupSpfOwnTitle') } }),
      el('span', { class: 'spf-running', text: t('popupSpfRunning', node.cumulative_lookups), attrs: { title: t('popupSpfRunningTitle') } }),
      ...marks.map(([kind, text]) => el('span', { class: 'spf-mark', text, attrs: { 'data-mark': kind } })),
    ];
    const problems = node.problems.length
      ? [el('ul', { class: 'spf-problems' }, node.problems.map((/** @type {any} */ p) =>
        el('li', { text: p.message, attrs: { 'data-kind': p.kind, 'data-fatal': String(p.fatal) } })))]
      : [];
    const item = el('li', {
      attrs: {
        'data-term': node.term,
        'data-target': node.target,
        'data-state': node.state,
        'data-lookups': String(node.lookups),
        'data-running': String(node.cumulative_lookups),
        'data-over': String(over),
        'data-void': String(node.void_lookups),
      },
    });
    if (!node.children.length) {
      item.append(el('div', { class: 'spf-line' }, line), ...problems);
      return item;
    }
    // The domain's own record open; an include open when something below it needs a look.
    const troubled = (/** @type {any} */ n) =>
      n.state !== 'valid' || n.problems.length > 0 || n.void_lookups > 0 || n.cumulative_lookups > SPF_LIMIT || n.children.some(troubled);
    const details = el('details', {}, [
      el('summary', { class: 'spf-line' }, line),
      ...problems,
      el('ul', {}, node.children.map((/** @type {any} */ c) => spfItem(c, domain, false))),
    ]);
    /** @type {HTMLDetailsElement} */ (details).open = root || node.children.some(troubled);
    item.append(details);
    return item;
  }

  /** RFC 7489 and RFC 9989 side by side; rows that differ highlighted. @param {any} view */
  function drawDmarc(view) {
    $('domain-dmarc').hidden = !view;
    if (!view) {
      $('domain-dmarc-table').replaceChildren();
      return;
    }
    const { rows, verdict: kind, text } = dmarcRows(view, t);

    const head = el('tr', {}, [el('th'), el('th', { text: t('popupDmarcOld'), attrs: { scope: 'col' } }), el('th', { text: t('popupDmarcNew'), attrs: { scope: 'col' } })]);
    const body = rows.map(([key, a, b, differ]) => {
      const cells = differ
        ? [el('td', { text: a }), el('td', { text: b })]
        : [el('td', { text: key === 'popupDmarcNp' ? b : a, attrs: { colspan: '2', title: t('popupDmarcBoth') } })];
      return el('tr', { attrs: { 'data-row': key, 'data-differs': String(differ) } }, [el('th', { text: t(key), attrs: { scope: 'row' } }), ...cells]);
    });
    $('domain-dmarc-table').replaceChildren(el('thead', {}, [head]), el('tbody', {}, body));
    const verdict = $('domain-dmarc-verdict');
    verdict.textContent = text;
    verdict.dataset.verdict = kind;
    $('domain-dmarc').dataset.differs = String(kind === 'differs');
  }

  /** @param {any} f */
  function findingItem(f) {
    const item = el('li', { attrs: { 'data-code': f.code, 'data-level': f.level, 'data-status': f.status } }, [
      el('div', {}, [
        el('span', { class: 'finding-code', text: f.code }),
        el('strong', { text: f.status === 'unknown' ? t('popupStatusUnknown') : t(LEVEL_KEYS[f.level] ?? f.level) }),
      ]),
      el('p', { class: 'finding-message', text: f.message }),
      el('p', { class: 'finding-fix', text: f.fix }),
    ]);
    if (f.record) item.append(el('ul', { class: 'records' }, [recordItem(f.record)]));
    return item;
  }

  /** @param {{host: string, type: string, value: string}} r */
  function recordItem(r) {
    const copy = el('button', { class: 'copy', text: t('popupCopy'), attrs: { type: 'button', 'aria-label': t('popupCopyRecord', r.host, r.type) } });
    copy.addEventListener('click', () => {
      navigator.clipboard.writeText(r.value).then(
        () => (copy.textContent = t('popupCopied')),
        () => (copy.textContent = t('popupCopyFailed')),
      );
    });
    return el('li', { class: 'record', attrs: { 'data-host': r.host, 'data-type': r.type } }, [
      el('span', { text: `${r.host}  ${r.type}` }),
      copy,
      el('code', { class: 'record-value', text: r.value }),
    ]);
  }

  $('domain-form').addEventListener('submit', (e) => {
    e.preventDefault();
    run(cleanDomain(input.value), false);
  });
  $('domain-recheck').addEventListener('click', () => run(cleanDomain(input.value), true));
  $('domain-export').addEventListener('click', () => {
    if (!report) return;
    const blob = new Blob([reportText(report, t)], { type: 'text/plain;charset=utf-8' });
    const link = el('a', { attrs: { href: URL.createObjectURL(blob), download: `mailhint-${report.domain}.txt` } });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.getAttribute('href') ?? ''), 10_000);
  });
  const https = /** @type {HTMLButtonElement} */ ($('domain-https'));
  hasHostAccess(ALL_HTTPS).then((granted) => {
    https.hidden = granted;
  });
  https.addEventListener('click', () => {
    // The request must be the click's first step (the user gesture ends at the first await).
    requestHostAccess(ALL_HTTPS).then((granted) => {
      if (!granted) return;
      https.hidden = true;
      run(cleanDomain(input.value), false);
    });
  });
  return { run };
}

/**
 * The marks of an SPF tree node: void lookup, what was found at its target, past the limit.
 * @param {any} node
 * @param {boolean} root
 * @param {import('../lib/i18n.js').Translate} t
 * @returns {[string, string][]} kind and words
 */
function spfMarks(node, root, t) {
  /** @type {[string, string][]} */
  const marks = [];
  if (node.void_lookups > 0) marks.push(['void', t('popupSpfMarkVoid')]);
  if (node.state !== 'valid') marks.push([node.state, t(SPF_STATE_KEYS[node.state] ?? node.state)]);
  if (!root && node.cumulative_lookups > SPF_LIMIT) marks.push(['over', t('popupSpfMarkOver')]);
  return marks;
}

/**
 * How RFC 7489 and RFC 9989 receivers read the DMARC policy: the rows of the comparison and
 * the verdict.
 * @param {any} view the report's `dmarc`
 * @param {import('../lib/i18n.js').Translate} t
 * @returns {{rows: [string, string, string, boolean][], verdict: 'same' | 'differs' | 'none', text: string}}
 */
function dmarcRows(view, t) {
  const { rfc7489: old, rfc9989: bis } = view;
  const none = t('popupDmarcNone');
  const name = (/** @type {string | null} */ v) => v ?? none;
  const policy = (/** @type {string | null} */ p) => p ?? '-';
  const yesNo = (/** @type {boolean} */ b) => t(b ? 'popupDmarcYes' : 'popupDmarcNo');
  /** @type {[string, string, string, boolean][]} label key, RFC 7489, RFC 9989, whether they differ */
  const rows = [
    ['popupDmarcPolicyDomain', name(old.policy_domain), name(bis.policy_domain)],
    // Without records, RFC 9989's walk finds no organizational domain: no difference to speak of.
    ['popupDmarcOrgDomain', name(old.org_domain), name(bis.org_domain), Boolean(old.org_domain && bis.org_domain && old.org_domain !== bis.org_domain)],
    ['popupDmarcRecord', name(old.record), name(bis.record)],
    ['popupDmarcP', policy(old.p), policy(bis.p)],
    ['popupDmarcSp', policy(old.sp), policy(bis.sp)],
    // RFC 7489 has no np: its sp applies to subdomains that do not exist.
    ['popupDmarcNp', old.sp ? t('popupDmarcNpFromSp', old.sp) : '-', policy(bis.np), (old.sp ?? null) !== (bis.np ?? null)],
    ['popupDmarcApplied', policy(old.applied), policy(bis.applied)],
  ].map(([key, a, b, differ]) => [key, a, b, differ ?? a !== b]);
  if (old.testing || bis.testing) rows.push(['popupDmarcTesting', yesNo(old.testing), yesNo(bis.testing), old.testing !== bis.testing]);
  if (old.unknown || bis.unknown) rows.push(['popupDmarcUnknown', old.unknown ?? '-', bis.unknown ?? '-', old.unknown !== bis.unknown]);

  const differs = rows.filter((r) => r[3]).map((r) => t(r[0]));
  const verdict = differs.length ? 'differs' : !old.record && !bis.record ? 'none' : 'same';
  const text = verdict === 'differs'
    ? t('popupDmarcDiffers', differs.join(t('popupListSeparator')))
    : t(verdict === 'none' ? 'popupDmarcNoRecord' : 'popupDmarcSame');
  return { rows, verdict, text };
}

/**
 * The report as plain text, for the "export" button: what a user pastes into a ticket to their
 * DNS provider or IT.
 * @param {any} report
 * @param {import('../lib/i18n.js').Translate} t
 */
export function reportText(report, t) {
  const lines = [t('popupExportTitle', report.domain), ''];
  lines.push(t('popupExportSummary'));
  for (const g of report.summary ?? []) lines.push(`  ${t('popupGroupLight', t(GROUP_KEYS[g.group] ?? g.group), t(LIGHT_KEYS[g.light] ?? g.light))}`);
  lines.push('', t('popupExportFindings'));
  if (!(report.findings ?? []).length) lines.push(`  ${t('popupDomainNoFindings')}`);
  for (const f of report.findings ?? []) {
    const level = f.status === 'unknown' ? t('popupStatusUnknown') : t(LEVEL_KEYS[f.level] ?? f.level);
    lines.push(`  [${level}] ${f.code}: ${f.message}`, `    ${f.fix}`);
    if (f.record) lines.push(`    ${f.record.host}  ${f.record.type}  ${f.record.value}`);
  }
  if (report.spf) {
    lines.push('', `${t('popupSpfHeading')}: ${t('popupSpfTotal', report.spf.lookups)}; ${t('popupSpfVoid', report.spf.void_lookups)}`);
    const walk = (/** @type {any} */ node, /** @type {number} */ depth) => {
      const marks = spfMarks(node, depth === 0, t).map(([, words]) => ` [${words}]`).join('');
      lines.push(`${'  '.repeat(depth + 1)}${node.term || report.spf.domain}  ${t('popupSpfOwn', node.lookups)}  ${t('popupSpfRunning', node.cumulative_lookups)}${marks}`);
      for (const p of node.problems) lines.push(`${'  '.repeat(depth + 2)}! ${p.message}`);
      for (const child of node.children) walk(child, depth + 1);
    };
    walk(report.spf.root, 0);
  }
  if (report.dmarc) {
    const { rows, text } = dmarcRows(report.dmarc, t);
    lines.push('', t('popupDmarcHeading'), `  ${t('popupDmarcOld')} | ${t('popupDmarcNew')}`);
    for (const [key, a, b, differ] of rows) lines.push(`  ${t(key)}: ${differ ? `${a} | ${b}` : a}${differ ? '  ≠' : ''}`);
    lines.push(`  ${text}`);
  }
  if ((report.records ?? []).length) {
    lines.push('', t('popupDomainRecordsHeading'));
    for (const r of report.records) lines.push(`  ${r.host}  ${r.type}  ${r.value}`);
  }
  if ((report.facts ?? []).length) {
    lines.push('', t('popupDomainFactsHeading'));
    for (const f of report.facts) lines.push(`  ${t(GROUP_KEYS[f.group] ?? f.group)} · ${f.label}: ${f.value}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The most of a pasted or dropped message the popup reads (the core's own input limit). */
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/** The words of a bounce's kind. */
const KIND_KEYS = { hard: 'popupReadKindHard', soft: 'popupReadKindSoft', 'not-a-bounce': 'popupReadKindNone' };

/**
 * The "Read a message" area: a pasted source or a dropped `.eml` is read by the background (in
 * the browser: only the report's DNS questions leave it): a bounce shows its reading, any other
 * message the raw-message report.
 * @param {import('../lib/i18n.js').Translate} t
 * @param {'en' | 'zh-CN'} lang
 */
function messageReader(t, lang) {
  const section = $('read-message');
  const area = /** @type {HTMLTextAreaElement} */ ($('read-raw'));
  const error = $('read-error');
  const fail = (text) => {
    section.dataset.state = 'error';
    error.textContent = text;
    error.hidden = false;
  };

  /** @param {string} raw */
  async function read(raw) {
    $('read-bounce').hidden = true;
    $('read-report').hidden = true;
    error.hidden = true;
    if (!raw.trim()) {
      fail(t('popupReadEmpty'));
      return;
    }
    section.dataset.state = 'running';
    const answer = await send({ type: 'read-bounce', raw, lang });
    if (answer.error || answer.bounce?.error) {
      fail(t('popupReadNotMessage'));
      return;
    }
    if (answer.bounce.is_bounce) {
      showBounce(answer.bounce.bounces.filter((b) => b.kind !== 'not-a-bounce'));
      return;
    }
    const report = await send({ type: 'message-report', raw, lang });
    if (report.error || !report.report) {
      fail(t('popupReadNotMessage'));
      return;
    }
    showMessageReport(report.report);
  }

  /** @param {any[]} bounces */
  function showBounce(bounces) {
    const list = $('read-bounce-list');
    list.replaceChildren(
      ...bounces.map((b) => {
        const codes = [b.status, b.diagnostic?.startsWith(b.reply_code ?? '\0') ? null : b.reply_code].filter(Boolean).join(' ');
        const item = el('li', { attrs: { 'data-kind': b.kind, 'data-reason': b.reason, 'data-level': b.kind === 'hard' ? 'error' : 'warning' } }, [
          el('p', {}, [el('strong', { text: t(KIND_KEYS[b.kind]) }), el('span', { text: ` · ${b.recipient || t('popupReadNoRecipient')} · ` }), el('span', { class: 'finding-code', text: b.reason })]),
          el('p', { text: b.meaning }),
          el('p', { class: 'finding-fix', text: b.advice }),
        ]);
        if (codes || b.diagnostic) item.append(el('p', { class: 'finding-code', text: [codes, b.diagnostic].filter(Boolean).join('  ') }));
        return item;
      }),
    );
    $('read-bounce').hidden = false;
    section.dataset.state = 'bounce';
  }

  /** @param {any} report */
  function showMessageReport(report) {
    const score = $('read-score');
    score.textContent = report.score.toFixed(1);
    score.className = `grade ${band(report.score)}`;
    $('read-no-deductions').hidden = report.deductions.length > 0;
    $('read-deductions').replaceChildren(
      ...report.deductions.map((d) =>
        el('li', { attrs: { 'data-code': d.code, 'data-level': d.points >= 1 ? 'error' : 'warning' } }, [
          el('span', { class: 'finding-code', text: `−${d.points.toFixed(1)} ${d.code}` }),
          el('span', { text: d.message }),
        ]),
      ),
    );
    const unknown = report.facts?.unknown ?? [];
    $('read-unknown').hidden = !unknown.length;
    $('read-unknown').textContent = unknown.length ? `${t('popupReadUnknown')} ${unknown.join('; ')}` : '';
    $('read-report').hidden = false;
    section.dataset.state = 'report';
  }

  /** @param {File} file */
  async function readFile(file) {
    if (file.size > MAX_MESSAGE_BYTES) {
      fail(t('popupReadTooLarge'));
      return;
    }
    const raw = await file.text();
    area.value = raw;
    await read(raw);
  }

  $('read-run').addEventListener('click', () => read(area.value));
  for (const target of [section, area]) {
    target.addEventListener('dragover', (event) => {
      event.preventDefault();
      section.classList.add('dropping');
    });
    target.addEventListener('dragleave', () => section.classList.remove('dropping'));
    target.addEventListener('drop', (event) => {
      const file = event.dataTransfer?.files?.[0];
      section.classList.remove('dropping');
      if (!file) return;
      event.preventDefault();
      event.stopPropagation();
      readFile(file);
    });
  }
}

async function main() {
  const { t, lang } = await localisePage();
  messageReader(t, lang);
  const domains = domainCheck(t, lang);
  $('open-options').addEventListener('click', () => {
    openOptions();
    window.close();
  });
  for (const button of document.querySelectorAll('[data-tool]')) {
    button.addEventListener('click', () => {
      openTool(/** @type {string} */ (button.getAttribute('data-tool')));
      window.close();
    });
  }
  $('version').textContent = `v${manifest().version}`;

  const tab = await describedTab();
  if (!tab) {
    showReport(null, t);
    await startDomainCheck(domains, null, t);
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
  await startDomainCheck(domains, current?.senderDomain ?? null, t);
  document.body.dataset.ready = 'true'; // lets the end-to-end test wait for the page to settle
}

/**
 * Checks the domain of the open compose window's sender, else the one checked last; with
 * neither, the field waits for one.
 * @param {{run: (domain: string, fresh: boolean) => void}} domains
 * @param {string | null} fromCompose
 * @param {import('../lib/i18n.js').Translate} t
 */
async function startDomainCheck(domains, fromCompose, t) {
  const domain = fromCompose ?? (await lastDomain());
  if (!domain) return;
  const source = $('domain-source');
  source.textContent = t(fromCompose ? 'popupDomainFromCompose' : 'popupDomainLast');
  source.hidden = false;
  domains.run(domain, false);
}

main();

/**
 * Whether `text` is an IPv4 or IPv6 address (the URL parser reads both: an IPv6 host in
 * brackets, and a dotted quad that stays itself).
 * @param {string} text
 */
function isIpAddress(text) {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    return text.split('.').every((part) => Number(part) <= 255);
  }
  if (!/^[0-9a-f:.]+$/i.test(text) || !text.includes(':')) return false;
  try {
    return new URL(`http://[${text}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}
