// The Hasil & Dokumen screen: the ranked results (ties flagged for the panel, unscored
// listed without rank, spread and far-from-panel flags, criterion means and the z-score view
// on request), the quorum, finalize (listing what is incomplete and what it locks, with the
// chair's quorum override) and reopen, the signed official documents (export, print,
// verify; the announcement with or without scores), the .xlsx export and the organizer's
// certificate.
import { html } from '../../lib/html.js';
import { useStyles } from '../../lib/styles.js';
import { numbers } from '../../lib/numbers.js';
import { Screen } from '../../lib/screen.js';
import { venueDate, when } from '../../lib/when.js';
import { addCatalogue, lang, t } from '../../i18n/index.js';
import * as api from '../../api.js';
import strings from './strings.js';

export { numbers };
import decisionStrings from '../deliberation/strings.js';
import { problemText as decisionProblemText, refusalView } from '../deliberation/refusal.js';
import { missingLines, quorumPart } from '../deliberation/parts.js';

const KINDS = ['recap', 'minutes', 'sheets', 'schedule', 'all', 'announcement'];

// A problem found in a form before anything is sent, worded for the user.
class FormProblem extends Error {}

// "1, 2 5" -> [1, 2, 5]; anything else is a FormProblem naming the bad part.
function parseEntries(text) {
  const tokens = text.split(/[\s,;]+/).filter(Boolean);
  return tokens.map((token) => {
    if (!/^\d+$/.test(token)) throw new FormProblem(t('res.fin_bad_entries', { token }));
    return Number(token);
  });
}

// What the backend says documents issued now cover (Store::document_scope), in words.
function scopeWords(scope) {
  if (!scope.finalized) return t('res.scope_open', { n: scope.of });
  if (scope.entries.length >= scope.of) return t('res.scope_all', { n: scope.of });
  const args = { n: scope.entries.length, of: scope.of, entries: numbers(scope.entries), rooms: scope.rooms.join(', ') };
  return t(scope.rooms.length ? 'res.scope_rooms' : 'res.scope_entries', args);
}

// A column header of several words on two lines, split before its last word ("Jauh dari /
// panel"), so the figures' columns stay narrow and the header never breaks inside a word.
function twoLines(text) {
  const cut = text.lastIndexOf(' ');
  return cut < 0 ? text : html`${text.slice(0, cut)}<br>${text.slice(cut + 1)}`;
}

const fileName = (path) => String(path).split(/[\\/]/).pop();
const docName = (kind) => t(`res.doc.${kind}`);

class ResultsScreen extends Screen {
  constructor() {
    super();
    this.outlierPoints = null; // the core's default until the user sets one
    this.zScores = false;
    this.showMeans = false;
    this.docLang = lang();
    this.message = '';
    this.lastDocument = null; // the document just issued ({ id, file }), for its Print button
    this.actionError = null;
    this.check = null; // the last "verify a PDF" result
    this.announceScores = false; // the announcement prints each entry's final score
  }

  // While this laptop hosts the venue LAN, stations' ballots arrive at any time: show them
  // (shortly, coalescing a burst), but never under an open dialog the user is filling in.
  connectedCallback() {
    super.connectedCallback();
    this.stopBallots = api.listen('ballots-changed', () => this.ballotsChanged());
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.ballotTimer);
    this.stopBallots.then((stop) => stop());
  }

  ballotsChanged() {
    clearTimeout(this.ballotTimer);
    this.ballotTimer = setTimeout(() => {
      if (this.querySelector('dialog[open]')) this.ballotsChanged();
      else this.refresh();
    }, 400);
  }

  async load() {
    const [view, certificate, logo, decision] = await Promise.all([
      api.resultsView(this.outlierPoints, this.zScores),
      api.organizerCertificate(),
      api.organizerLogo(),
      api.decisionView(),
    ]);
    this.outlierPoints = view.options.outlier_points;
    return { view, certificate, logo, decision };
  }

  // Every action here that opens a file dialog answers null when the user closes it.
  act(fn, message) { return super.act(fn, message, true); }

  // Issues a signed document at `path`, or where the user saves it (path null).
  exportDocument(kind, path = null) {
    const scores = kind === 'announcement' && this.announceScores;
    return this.act(() => api.exportDocument(kind, this.docLang, path, this.outlierPoints, scores), (issued) => {
      const d = issued.document;
      this.lastDocument = d;
      return t('res.exported', {
        doc: docName(kind),
        file: d.file,
        version: d.version,
        supersedes: d.supersedes_version ? t('res.exported_supersedes', { v: d.supersedes_version }) : '',
        reprint: issued.reprint ? t('res.exported_reprint') : '',
      });
    });
  }

  // Writes the organizer's certificate (PEM) at `path`, or where the user saves it, to be
  // published as what documents are checked against.
  exportCertificate(path = null) {
    return this.act(() => api.exportCertificate(path), ([file, cert]) => {
      this.lastDocument = null;
      return t('res.cert_exported', { file, fingerprint: cert.fingerprint_grouped });
    });
  }

  // Checks a PDF at `path`, or one the user picks (path null), and shows what was found.
  async verifyDocument(path = null) {
    try {
      const check = await api.verifyDocument(path);
      if (check === null) return;
      this.check = check;
      this.scrollToCheck = true;
      this.actionError = null;
    } catch (err) {
      this.actionError = err;
    }
    this.message = '';
    this.paint();
  }

  view({ view, certificate, logo, decision }) {
    const fin = view.finalization;
    const status = fin.finalized.length === 0 ? t('res.status_open')
      : fin.finalized.length === fin.entries ? t('res.status_all', { m: fin.entries })
        : t('res.status_partial', { n: fin.finalized.length, m: fin.entries });
    return html`
      <div class="screen-head">
        <h1 class="screen-title">${t('res.title')}</h1>
        <span class="final-status ${fin.finalized.length ? 'is-final' : 'is-open'}" data-testid="final-status">${status}</span>
        <span class="spacer"></span>
        <button class="btn primary" data-action="finalize" data-testid="finalize" ${fin.entries && fin.finalized.length === fin.entries ? 'disabled' : ''}>${t('res.finalize')}</button>
        <button class="btn" data-action="reopen" data-testid="reopen" ${fin.finalized.length ? '' : 'disabled'}>${t('res.reopen')}</button>
      </div>
      ${this.message ? html`<p class="res-message" role="status" data-testid="res-message">${this.message}
        ${this.lastDocument ? html` <button class="btn small" data-print="${this.lastDocument.id}" data-file="${this.lastDocument.file}" title="${t('res.print_hint')}">${t('res.print')}</button>` : ''}</p>` : ''}
      ${this.actionError ? html`<div class="error" role="alert" data-testid="res-error">${refusalView(this.actionError, 'res-refusal')}</div>` : ''}
      <div class="results-layout ${this.showMeans ? 'wide' : ''}">
        <div class="results-main">
          ${this.check ? this.checkCard(this.check) : ''}
          ${this.quorumCard(decision)}
          ${this.resultsCard(view)}
          ${fin.history.length ? this.historyCard(fin.history) : ''}
        </div>
        <aside class="results-side">
          ${this.documentsCard(view)}
          ${this.certificateCard(certificate)}
          ${this.logoCard(logo)}
        </aside>
      </div>
      ${this.finalizeDialog(view, decision)}
      ${this.reopenDialog()}
      ${this.importDialog()}`;
  }

  resultsCard(view) {
    if (!view.rows.length) return html`<section class="card"><p class="empty">${t('res.empty')}</p></section>`;
    const code = (name) => `P${view.panel.indexOf(name) + 1}`;
    const label = (c) => (lang() === 'en' ? c.label_en : c.label_id);
    const firstUnscored = view.rows.findIndex((r) => r.rank === null);
    const columns = 8 + (this.showMeans ? view.criteria.length : 0) + (this.zScores ? 1 : 0);
    return html`
      <section class="card results-card">
        <div class="results-toolbar">
          <label class="inline">${t('res.outlier')}
            <input type="number" class="outlier-input" min="1" max="100" value="${this.outlierPoints}" aria-label="${t('res.outlier')}"> ${t('res.points')}</label>
          <label class="inline"><input type="checkbox" data-toggle="means" ${this.showMeans ? 'checked' : ''}> ${t('res.show_means')}</label>
          <label class="inline"><input type="checkbox" data-toggle="z" ${this.zScores ? 'checked' : ''}> ${t('res.show_z')}</label>
        </div>
        ${view.ties.length ? html`<div class="ties-note" role="note" data-testid="ties-note">
          <strong>${t('res.ties_title')}</strong>
          <p>${t('res.ties_lead')}</p>
          <ul>${view.ties.map((g) => html`<li>${t('res.tie_group', { rank: g.rank, score: g.score, entries: g.entries.join(', ') })}</li>`)}</ul>
        </div>` : ''}
        ${this.zScores ? html`<div class="z-note" role="note"><strong>${t('res.z_view_title')}</strong> ${t('res.z_view_lead')}</div>` : ''}
        ${this.showMeans ? html`<p class="muted small">${t('res.means_lead')}</p>` : ''}
        <div class="table-wrap">
        <table class="grid results-table" data-testid="results-table">
          <thead><tr>
            <th class="num">${t('res.rank')}</th><th class="num">${t('res.no')}</th><th class="entry-col">${t('res.entry')}</th>
            <th class="num">${twoLines(t('res.score'))}</th>
            ${this.zScores ? html`<th class="num z-col" title="${t('res.z_hint')}">${t('res.z')}<div class="sub">${t('res.z_hint')}</div></th>` : ''}
            <th class="num" title="${t('res.ballots_hint')}">${t('res.ballots')}</th>
            <th class="num" title="${t('res.abstain_hint')}">${t('res.abstain')}</th>
            <th class="num" title="${t('res.spread_hint')}">${t('res.spread')}</th>
            <th title="${t('res.outliers_hint', { n: view.options.outlier_points })}">${twoLines(t('res.outliers'))}</th>
            ${this.showMeans ? view.criteria.map((c) => html`<th class="num crit-mean" title="${label(c)} (${c.weight}%)">${c.code.slice(0, 5)}</th>`) : ''}
          </tr></thead>
          <tbody>${view.rows.map((r, i) => html`
            ${i === firstUnscored ? html`<tr class="group-row"><td colspan="${columns}">${t(view.rows.some((x) => x.standing === 'absent') ? 'res.unranked_head' : 'res.unscored_head')}</td></tr>` : ''}
            <tr class="result-row ${r.tied ? 'tied' : ''} ${r.rank === null ? 'unscored' : ''}" data-no="${r.no}">
              <td class="num rank" data-testid="rank">${r.rank === null ? '–' : r.rank}${r.tied ? html` <span class="tie-marker" title="${t('res.tie_hint')}" data-testid="tie">${t('res.tie')}</span>` : ''}</td>
              <td class="num">${r.no}</td>
              <td class="title-cell">${r.title}${r.finalized ? html` <span class="final-badge" title="${t('res.final_hint')}">${t('res.final_badge')}</span>` : ''}<div class="sub">${r.agency}</div></td>
              <td class="num score" data-testid="score">${r.score === null ? html`<span class="muted standing-${r.standing}">${t(`res.standing.${r.standing}`)}</span>` : r.score}</td>
              ${this.zScores ? html`<td class="num z-col">${r.z_score ?? ''}</td>` : ''}
              <td class="num ${r.ballots < r.expected ? 'short' : ''}">${r.standing === 'absent' ? '–' : `${r.ballots}/${r.expected}`}</td>
              <td class="num">${r.abstentions || ''}</td>
              <td class="num">${r.spread ?? ''}</td>
              <td class="outliers">${r.outliers.map((name) => html`<span class="flag" title="${name}">⚑ ${code(name)}</span> `)}</td>
              ${this.showMeans ? r.criterion_means.map((m) => html`<td class="num crit-mean">${m ?? ''}</td>`) : ''}
            </tr>`)}</tbody>
        </table></div>
        <p class="legend small muted"><strong>${t('res.legend')}:</strong> ${view.panel.map((name, i) => html`<span>P${i + 1} = ${name}${name === view.chair ? ` (${t('res.chair')})` : ''}</span>`)}</p>
        ${view.skipped.length ? html`<div class="skipped small"><strong>${t('res.skipped', { n: view.skipped.length })}</strong>
          <ul data-testid="skipped-ballots">${view.skipped.map((s) => html`<li>${s.panelist || '?'}, No ${s.entry_no ?? '?'}: ${lang() === 'en' ? s.message_en : s.message_id}</li>`)}</ul></div>` : ''}
      </section>`;
  }

  documentsCard(view) {
    const docs = [...view.documents].reverse();
    return html`
      <section class="card docs-card">
        <h2>${t('res.docs')}</h2>
        <p class="muted small">${t('res.docs_lead')}</p>
        <p class="small doc-scope" data-testid="doc-scope">${scopeWords(view.document_scope)}</p>
        <label class="inline small">${t('res.doc_lang')}
          <select class="doc-lang">
            <option value="id" ${this.docLang === 'id' ? 'selected' : ''}>Bahasa Indonesia</option>
            <option value="en" ${this.docLang === 'en' ? 'selected' : ''}>English</option>
          </select></label>
        <ul class="doc-list">${KINDS.map((kind) => html`
          <li><span>${docName(kind)}${kind === 'announcement' ? html`
            <label class="inline small announce-scores"><input type="checkbox" data-toggle="announce-scores" data-testid="announce-scores" ${this.announceScores ? 'checked' : ''}> ${t('res.announce_scores')}</label>` : ''}</span>
            <button class="btn small" data-export="${kind}" data-testid="export-${kind}">${t('res.export_pdf')}</button></li>`)}
        </ul>
        <div class="doc-actions">
          <button class="btn small" data-action="xlsx" data-testid="export-xlsx">${t('res.xlsx')}</button>
          <button class="btn small" data-action="verify" data-testid="verify">${t('res.verify')}</button></div>
        <h3>${t('res.issued')}</h3>
        ${docs.length ? html`<ul class="issued-list" data-testid="issued-list">${docs.slice(0, 8).map((d) => html`
          <li data-doc="${d.id}">
            <div><strong>${docName(d.kind)}</strong> <span class="version">${t('res.issued_version', { v: d.version })}</span>
              ${d.supersedes_version ? html`<span class="muted small">${t('res.issued_supersedes', { v: d.supersedes_version })}</span>` : ''}
              <div class="sub">${when(d.issued_at)}</div>
              <div class="sub file" title="${d.file}">${fileName(d.file)}</div></div>
            <button class="btn small" data-print="${d.id}" data-file="${d.file}" title="${t('res.print_hint')}">${t('res.print')}</button>
          </li>`)}</ul>` : html`<p class="empty small">${t('res.issued_none')}</p>`}
      </section>`;
  }

  certificateCard(cert) {
    return html`
      <section class="card cert-card" data-testid="certificate">
        <h2>${t('res.cert')}</h2>
        ${cert ? html`<dl class="facts small">
            <dt>${t('res.cert_subject')}</dt><dd>${cert.subject}</dd>
            <dt>${t('res.cert_issuer')}</dt><dd>${cert.self_signed ? t('res.cert_self') : cert.issuer}</dd>
            ${cert.not_after ? html`<dt>${t('res.cert_until')}</dt><dd>${venueDate(cert.not_after)}</dd>` : ''}
            <dt>${t('res.cert_fingerprint')}</dt><dd><code class="fingerprint">${cert.fingerprint_grouped}</code></dd>
          </dl>` : html`<p class="muted small">${t('res.cert_none')}</p>`}
        <div class="logo-actions">
          <button class="btn small" data-action="export-cert" data-testid="export-cert">${t('res.cert_export')}</button>
          <button class="btn small" data-action="import-cert">${t('res.cert_import')}</button>
        </div>
      </section>`;
  }

  // The letterhead logo of the minutes: a preview, and the way to set or remove it.
  logoCard(logo) {
    return html`
      <section class="card cert-card logo-card" data-testid="logo">
        <h2>${t('res.logo')}</h2>
        ${logo ? html`<div class="logo-row">
            <img class="logo-preview" src="${logo.data_url}" alt="${t('res.logo')}" data-testid="logo-preview">
            <p class="muted small">${logo.media_type === 'image/png' ? 'PNG' : 'JPEG'}, ${Math.ceil(logo.size / 1024)} KB</p>
          </div>` : html`<p class="muted small">${t('res.logo_none')}</p>`}
        <div class="logo-actions">
          <button class="btn small" data-action="set-logo">${logo ? t('res.logo_change') : t('res.logo_choose')}</button>
          ${logo ? html`<button class="btn small" data-action="clear-logo">${t('res.logo_clear')}</button>` : ''}
        </div>
      </section>`;
  }

  // Sets the logo from `path`, or one the user picks (path null).
  setLogo(path = null) {
    return this.act(() => api.setOrganizerLogo(path), () => t('res.logo_set'));
  }

  // What the check found, headline first: the backend's verdict (anchored to this
  // competition, refused, or a signature that failed) and each check in the user's language.
  checkCard(c) {
    const words = (check) => (lang() === 'en' ? check.message_en : check.message_id);
    const anchored = c.valid && c.verdict === 'anchored';
    const failed = c.anchor_checks.filter((k) => !k.passed);
    const passed = c.anchor_checks.filter((k) => k.passed);
    const headline = !c.valid ? t('res.check_invalid_head')
      : anchored ? t('res.check_anchored') : t('res.check_refused');
    return html`
      <section class="card check-card ${anchored ? 'valid' : 'invalid'}" data-testid="check-result" data-verdict="${c.valid ? c.verdict : 'invalid'}">
        <div class="check-head"><h2>${t('res.check_title')}</h2><span class="spacer"></span>
          <button class="btn small" data-action="close-check">${t('res.close')}</button></div>
        <p class="check-verdict" data-testid="check-headline"><span aria-hidden="true">${anchored ? '✓' : '✗'}</span> ${headline}</p>
        ${c.valid ? html`
          <ul class="small check-list">
            ${failed.map((k) => html`<li class="check-failed" data-code="${k.code}">✗ ${words(k)}</li>`)}
            ${passed.map((k) => html`<li class="check-passed">✓ ${words(k)}</li>`)}
            <li class="check-passed">✓ ${t('res.check_valid')}</li>
          </ul>
          <ul class="small muted">
            <li>${t('res.check_doc', { id: c.document_id, v: c.version })}</li>
            <li>${t('res.check_signer', { signer: c.signer })} (${c.self_signed ? t('res.check_self') : t('res.check_issuer', { issuer: c.issuer })})</li>
            ${c.signed_at ? html`<li data-testid="check-signed-at">${t('res.check_signed_at', { at: when(c.signed_at) })}</li>` : ''}
            <li>${t('res.cert_fingerprint')}: <code class="fingerprint">${c.certificate_sha256}</code></li>
            ${c.recorded && !c.same_file_as_issued ? html`<li>${t('res.check_other_bytes')}</li>` : ''}
          </ul>`
          : html`<p class="small" data-code="${c.problem_code}">${t(`res.verify_problem.${c.problem_code}`)}</p>
            <details class="small muted"><summary>${t('res.details')}</summary>${c.problem}</details>`}
        <p class="muted small">${c.file}</p>
      </section>`;
  }

  historyCard(history) {
    return html`
      <section class="card history-card">
        <h2>${t('res.history')}</h2>
        <ul class="small">${[...history].reverse().map((f) => html`<li>${f.action === 'finalize'
          ? t('res.history_final', { at: when(f.at), entries: numbers(f.entries), room: f.room ? t('res.history_room', { room: f.room }) : '', chair: f.chair, secretariat: f.secretariat })
          : t('res.history_reopen', { at: when(f.at), entries: numbers(f.entries), room: f.room ? t('res.history_room', { room: f.room }) : '', reason: f.reason })}</li>`)}</ul>
      </section>`;
  }

  // The quorum now: ballots counted of expected, and the missing ones by entry and panelist.
  quorumCard(decision) {
    const q = decision.quorum;
    const unscored = decision.rows.filter((r) => r.score === null).map((r) => r.no);
    return html`
      <section class="card quorum-card ${q.missing.length ? 'short' : 'complete'}" data-testid="res-quorum">
        <h2>${t('res.quorum')}</h2>
        ${quorumPart(q, unscored, 4)}
        ${decision.overrides.map((o) => html`<p class="small override-line">${t('dlb.override_line', { entries: numbers(o.entries), chair: o.chair, reason: o.reason })}</p>`)}
      </section>`;
  }

  // The entries a finalization with these fields would take: the backend decides; this only
  // narrows what the dialog lists (room, numbers typed, not yet final).
  selection(view, room, numbersText) {
    let wanted = null;
    try { wanted = parseEntries(numbersText || ''); } catch { wanted = []; }
    return view.rows.filter((r) => !r.finalized && (!room || r.room === room)
      && (!wanted.length || wanted.includes(r.no))).map((r) => r.no);
  }

  // What the dialog says about the selection: the missing ballots by entry and panelist, the
  // decision's problems that stop finalizing, and what finalizing locks.
  finalizeFacts(view, decision, room = '', numbersText = '') {
    const chosen = new Set(this.selection(view, room, numbersText));
    const missing = decision.quorum.missing.filter((m) => chosen.has(m.no));
    const entries = new Set(missing.map((m) => m.no)).size;
    const unscored = view.rows.filter((r) => r.score === null).map((r) => r.no);
    return html`
      <div class="fin-facts" data-missing="${missing.length}">
        <p class="small"><strong>${t('res.fin_locks_title', { n: chosen.size })}</strong></p>
        <ul class="small fin-locks"><li>${t('res.fin_locks_ballots')}</li><li>${t('res.fin_locks_decision')}</li>
          ${missing.length ? html`<li>${t('res.fin_locks_override')}</li>` : ''}</ul>
        ${decision.problems.length ? html`<div class="fin-problems" data-testid="fin-problems"><p class="small"><strong>${t('res.fin_problems')}</strong></p>
          <ul class="small">${decision.problems.map((p) => html`<li>${decisionProblemText(p)}</li>`)}</ul></div>` : ''}
        ${missing.length ? html`<div class="fin-missing" data-testid="fin-missing">
          <p class="small"><strong>${t('res.fin_missing', { n: missing.length, entries })}</strong></p>
          ${missingLines(missing, unscored, 10)}
        </div>` : html`<p class="small ok" data-testid="fin-quorum-complete">${t('res.fin_quorum_complete')}</p>`}
      </div>`;
  }

  finalizeDialog(view, decision) {
    const lastSecretariat = [...view.finalization.history].reverse().find((f) => f.action === 'finalize');
    return html`
      <dialog class="finalize-dialog">
        <form method="dialog" class="form">
          <h2>${t('res.fin_title')}</h2>
          <p class="muted small">${t('res.fin_lead')}</p>
          <label>${t('res.fin_room')}<select name="room">
            <option value="">${t('res.fin_all_rooms')}</option>
            ${view.rooms.map((r) => html`<option value="${r}">${r}</option>`)}</select></label>
          <label>${t('res.fin_entries')}<input name="entries" placeholder="${t('res.fin_entries_hint')}"></label>
          <div class="fin-facts-slot">${this.finalizeFacts(view, decision)}</div>
          <label class="override-label">${t('res.fin_override')}<textarea name="quorum_override" rows="2" data-testid="quorum-override"
            placeholder="${t('res.fin_override_hint')}"></textarea></label>
          <label>${t('res.fin_chair')}<select name="chair" required>
            ${view.panel.map((p) => html`<option value="${p}" ${p === view.chair ? 'selected' : ''}>${p}</option>`)}</select></label>
          <label>${t('res.fin_secretariat')}<input name="secretariat" required value="${lastSecretariat ? lastSecretariat.secretariat : ''}"></label>
          <div class="error form-error" role="alert"></div>
          <div class="actions"><button value="cancel" formnovalidate>${t('res.cancel')}</button>
            <button value="ok" class="primary" data-testid="finalize-confirm">${t('res.fin_go')}</button></div>
        </form>
      </dialog>`;
  }

  reopenDialog() {
    return html`
      <dialog class="reopen-dialog">
        <form method="dialog" class="form">
          <h2>${t('res.reopen_title')}</h2>
          <p class="muted small">${t('res.reopen_lead')}</p>
          <label>${t('res.fin_entries')}<input name="entries" placeholder="${t('res.fin_entries_hint')}"></label>
          <label>${t('res.reopen_reason')}<textarea name="reason" rows="3"></textarea></label>
          <p class="error form-error" role="alert"></p>
          <div class="actions"><button value="cancel" formnovalidate>${t('res.cancel')}</button>
            <button value="ok" class="primary" data-testid="reopen-confirm">${t('res.reopen_go')}</button></div>
        </form>
      </dialog>`;
  }

  importDialog() {
    return html`
      <dialog class="import-dialog">
        <form method="dialog" class="form">
          <h2>${t('res.cert_import_title')}</h2>
          <p class="muted small">${t('res.cert_import_lead')}</p>
          <label>${t('res.cert_password')}<input name="password" type="password" autocomplete="off"></label>
          <p class="error form-error" role="alert"></p>
          <div class="actions"><button value="cancel" formnovalidate>${t('res.cancel')}</button>
            <button value="ok" class="primary">${t('res.cert_choose')}</button></div>
        </form>
      </dialog>`;
  }

  afterPaint() {
    if (this.scrollToCheck) {
      this.scrollToCheck = false;
      const card = this.querySelector('.check-card');
      if (card) card.scrollIntoView({ block: 'nearest' });
    }
    const on = (selector, fn) => this.querySelectorAll(selector).forEach((el) => el.addEventListener('click', () => fn(el)));
    const outlier = this.querySelector('.outlier-input');
    if (outlier) {
      outlier.addEventListener('change', () => {
        const n = Number(outlier.value);
        if (Number.isInteger(n) && n >= 1 && n <= 100) {
          this.outlierPoints = n;
          this.refresh();
        } else {
          outlier.value = this.outlierPoints;
        }
      });
    }
    this.querySelectorAll('[data-toggle]').forEach((box) => box.addEventListener('change', () => {
      if (box.dataset.toggle === 'z') {
        this.zScores = box.checked;
        this.refresh();
      } else if (box.dataset.toggle === 'announce-scores') {
        this.announceScores = box.checked;
      } else {
        this.showMeans = box.checked;
        this.paint();
      }
    }));
    const docLang = this.querySelector('.doc-lang');
    if (docLang) docLang.addEventListener('change', () => { this.docLang = docLang.value; });
    on('[data-export]', (b) => this.exportDocument(b.dataset.export));
    on('[data-print]', (b) => this.print(b.dataset.print, b.dataset.file));
    on('[data-action="set-logo"]', () => this.setLogo());
    on('[data-action="clear-logo"]', () => this.act(() => api.clearOrganizerLogo(), t('res.logo_cleared')));
    on('[data-action="verify"]', () => this.verifyDocument());
    on('[data-action="export-cert"]', () => this.exportCertificate());
    on('[data-action="close-check"]', () => { this.check = null; this.paint(); });
    on('[data-action="xlsx"]', () => this.act(
      () => api.exportResultsXlsx(this.docLang, null, this.outlierPoints),
      (file) => { this.lastDocument = null; return t('res.xlsx_done', { file }); },
    ));
    const finalize = this.querySelector('.finalize-dialog');
    if (finalize) {
      // The incomplete ballots follow the room and numbers chosen.
      const facts = () => {
        const f = new FormData(finalize.querySelector('form'));
        finalize.querySelector('.fin-facts-slot').innerHTML = String(this.finalizeFacts(this.data.view, this.data.decision, f.get('room'), f.get('entries')));
        const missing = Number(finalize.querySelector('.fin-facts').dataset.missing);
        finalize.querySelector('.override-label').classList.toggle('is-hidden', !missing);
      };
      facts();
      finalize.querySelector('[name=room]').addEventListener('change', facts);
      finalize.querySelector('[name=entries]').addEventListener('input', facts);
      // A refusal shown stays only until the form is changed.
      finalize.querySelector('form').addEventListener('input', () => { finalize.querySelector('.form-error').innerHTML = ''; });
    }
    this.wireDialog('finalize', '.finalize-dialog', (f) => {
      const entries = parseEntries(f.get('entries') || '');
      const override = (f.get('quorum_override') || '').trim();
      const missing = Number(finalize.querySelector('.fin-facts').dataset.missing);
      if (missing && !override) throw new FormProblem(t('res.fin_override_needed', { n: missing }));
      return api.finalizeResults({
        room: f.get('room') || null,
        entries: entries.length ? entries : null,
        chair: f.get('chair') || '',
        secretariat: f.get('secretariat') || '',
        quorum_override: override || null,
      });
    }, (record) => {
      this.lastDocument = null;
      const done = t('res.fin_done', { entries: numbers(record.entries) });
      return record.incomplete.length ? `${done} ${t('res.fin_incomplete', { entries: numbers(record.incomplete) })}` : done;
    });
    this.wireDialog('reopen', '.reopen-dialog', (f) => {
      const reason = (f.get('reason') || '').trim();
      if (!reason) throw new FormProblem(t('res.reopen_need_reason'));
      const entries = parseEntries(f.get('entries') || '');
      return api.reopenResults({ entries: entries.length ? entries : null, reason });
    }, (record) => {
      this.lastDocument = null;
      return t('res.reopen_done', { entries: numbers(record.entries) });
    });
    this.wireDialog('import-cert', '.import-dialog', (f) => api.importCertificate(f.get('password') || ''),
      (cert) => { this.lastDocument = null; return t('res.cert_imported', { subject: cert.subject }); });
  }

  // Opens `dialog` from the `action` button; on confirm runs `send(formData)`, keeping the
  // dialog open with the reason when it fails, closing it and repainting when it succeeds.
  wireDialog(action, dialogSelector, send, message) {
    const dialog = this.querySelector(dialogSelector);
    const button = this.querySelector(`[data-action="${action}"]`);
    if (!dialog || !button) return;
    button.addEventListener('click', () => dialog.showModal());
    dialog.querySelector('form').addEventListener('submit', async (ev) => {
      if (!ev.submitter || ev.submitter.value !== 'ok') return;
      ev.preventDefault();
      const error = dialog.querySelector('.form-error');
      try {
        const result = await send(new FormData(ev.target));
        if (result === null) return; // the file dialog was cancelled
        dialog.close();
        this.message = message(result);
        this.actionError = null;
        await this.refresh();
      } catch (err) {
        error.innerHTML = String(refusalView(err, 'dialog-refusal'));
      }
    });
  }

  // Opens an issued document (by its id in the register) in the system's PDF viewer.
  async print(documentId, file) {
    try {
      await api.printDocument(documentId);
      this.message = t('res.printing', { file });
      this.actionError = null;
    } catch (err) {
      this.actionError = err;
    }
    this.paint();
  }
}

export function registerResults() {
  addCatalogue(decisionStrings);
  addCatalogue(strings);
  useStyles(new URL('./results.css', import.meta.url));
  useStyles(new URL('../deliberation/refusal.css', import.meta.url));
  customElements.define('panelis-results', ResultsScreen);
}
